"""Curated word lists the PHI scanner reads. Written by hand for this project (see README.md in
this folder for where each list comes from); lowercase, one space-separated string per list so the
lists stay easy to read and review in a diff."""


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common US given names and nicknames across English, Spanish, African-American, Asian and other
# naming traditions, written from general knowledge of popular given names. A name on this list
# is a candidate only: the scanner still asks whether the person is a patient or a relative.
GIVEN_NAMES = words("""
aaliyah aaron abby abigail abdul abe abel abraham ada adam adela adrian adriana agnes agustin
ahmed aidan aiden aisha al alan alana albert alberto alejandra alejandro alex alexa alexander
alexandra alexis alfonso alfred alfredo ali alice alicia alina alisha alison allen alma alondra
alvin alyssa amanda amara amber amelia amina amir amira amy ana anabel andre andrea andres andrew
andy angel angela angelica angelina angie anita ann anna anne annette annie anthony antonio april
ariana ariel armando arnold arturo ashley asha ashanti ava avery axel barbara beatriz becky ben
benito benjamin bernard bernice beth betty beverly bianca bill billy blanca bob bobby bonnie
brad bradley brandi brandon brenda brent brett brian briana brianna bridget brittany brooke bruce
bryan caleb cameron camila candace cara carla carlos carl carlitos carmen carol carolina caroline
carrie casey cassandra catherine cecilia cedric celia cesar chad charles charlie charlotte chase
chela chelo chelsea cheryl chloe chris christian christina christine christopher chuy cindy claire
clara clarence claudia clifford clyde cody colleen connie consuelo cora corey courtney craig
cristina crystal curtis cynthia daisy dale dalia damian dan dana daniel daniela danielle danny
dante daphne darius darla darlene darnell darrell daryl dave david dawn dean debbie deborah
debra deb dee deja delia delores denise dennis derek derrick deshawn desiree destiny devin diana
diane diego dolores dominic dominique don donald donna dora doris dorothy doug douglas dre
duane dustin dwayne dylan earl ebony eddie edgar edith edna eduardo edward edwin efrain eileen
elaine elena eli elias elijah elisa elizabeth ella ellen ellie elmer eloise elsa elvira emily emma
emilio enrique eric erica erik erika ernest ernesto esmeralda esperanza estela esther ethan eugene
eva evan evelyn ezra fabian faith fatima felicia felipe felix fernando fidel flora florence
frances francisco frank franklin fred freddie frederick gabby gabriel gabriela gail gary gavin
gene genesis george georgia gerald gerardo gertrude gilbert gina gladys glen glenda glenn gloria
gordon grace graciela greg gregory griselda guadalupe guillermo gus gwen hailey hannah harold
harry harvey hassan hazel heather hector heidi helen henry herbert herman hilda holly hope howard
hugo ian ibrahim ida ignacio imani irene iris irma isaac isabel isabella isaiah ismael ivan ivy
jack jackie jackson jacob jacqueline jade jaime jake jamal james jamie jan jane janelle janet
janice jared jasmine jason javier jay jaylen jayden jean jeff jeffrey jenna jennifer jenny jeremy
jerome jerry jesse jessica jessie jesus jill jim jimmy jo joan joann joanna joaquin jodi joe joel
joey john johnny jon jonathan jordan jorge jose josefina joseph josh joshua joy joyce juan juana
juanita judith judy julia julian julie julio june junior justin kaitlyn kara karen karina karla
kate katherine kathleen kathryn kathy katie kay kayla keisha keith kelly kelvin ken kendra kenji
kenneth kenny kent kerry kev kevin kiara kim kimberly kimmy kira kirk kristen kristin kurt kyle
lakisha lamar lana lance larry latasha latoya laura lauren laurie lawrence leah lee leila lena
leo leon leonard leonardo leroy leslie leticia lewis liam lichita lila lillian lily linda lindsay
lisa liz liza lizbeth logan lois lola lonnie lorena lorenzo loretta lori lorraine lou louis louise
lucas lucia lucille lucy luis luisa luke lupe lupita luz lydia lynn mabel mack madeline madison
maggie malik mandy manuel marc marcela marco marcos marcus margaret margarita maria mariah
marian mariana marie marilyn mario marisa marisela marisol marjorie mark marlene marsha martha
martin marvin mary mason mateo matthew mattie maureen maurice max maxine maya megan meghan melanie
melinda melissa melvin memo mercedes mia micah michael michelle miguel mike mildred miles milagros
minnie miranda miriam misty mitchell mohamed monica monique morgan moses muhammad myra myrtle
nadia nancy naomi natalia natalie natasha nathan neil nelson nena nia nicholas nick nicole nina
noah noel nora norma norman nyla octavio olga olivia omar oscar owen pablo paco pam pamela paola
pat patricia patrick patsy patty paty paul paula pauline pearl pedro peggy pepe percy perla
pete peter phil philip phyllis pilar priscilla quentin rachel rafael ralph ramiro ramon ramona
randall randy raquel raul ray raymond rebecca reggie regina reginald rene renee reyna ricardo
richard rick ricky rita rob robert roberta roberto robin rocio rodney rodrigo roger rogelio roland
ron ronald ronnie rosa rosalie rosalind rosario rose rosemary rosie ross roxanne ruben ruby rudy
russell ruth ryan sabrina sadie sal sally salvador sam samantha samuel sandra sandy santiago sara
sarah saul scott sean selena sergio seth shane shanice shannon shaq sharon shaun shauna shawn
shawna sheila shelby shelly sherry shirley sidney silvia simon simone sofi sofia sonia sophia
stacy stanley stella stephanie stephen steve steven sue susan susie sylvia tamara tammy tanisha
tanya tara tasha taylor ted teresa terrence terri terry thelma theresa thomas tiffany tim timothy
tina toby todd tom tomas tommy toni tony tonya tracy travis trevor tricia trina troy tyler tyrese
tyrone valerie vanessa velma vera veronica vicente vicki victor victoria vince vincent viola
virginia vivian wade walter wanda warren wayne wendy wes wesley whitney will william willie
wilma xavier ximena yadira yasmin yesenia yolanda yvette yvonne zachary zara zoe zoila
""")

# Given names that are also everyday English or Spanish words: they count only when written with
# a capital inside a sentence, after a title, or after a cue such as "our patient".
AMBIGUOUS_NAMES = words("""
grace joy hope faith mark bill pat sue ray rose ivy jade amber crystal ruby dawn june april
art gene sandy rich frank max guy jack destiny don joe lee chase hunter angel luz pearl misty
paz dee kay jan bob lou sal mercedes summer sunny star rocky buddy kit may august nena al ella mia
linda blanca dolores alma gloria esperanza consuelo milagros jesus rosario victoria guadalupe nina
memo noel iris sol cruz rocio perla pilar rene dean miles wade rob nick drew glen dale lance kent
ross chad page reed virginia georgia carolina jordan florence eugene austin dallas paris penny
holly daisy heather ivy amber sunny
""")

# Words that look like a name slot but never are one (sentence starts, places, organisations).
NOT_NAMES = words("""
will the our a an this that these those we you your my his her their it its everyone all team staff
today tomorrow tonight yesterday monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
god thanks thank congrats happy merry welcome meet please join free new big little
st saint san santa main eastside westside northside southside riverside downtown
clinic center centro health salud dental medical foundation club county state city
""")

# Honorifics and family titles: the next word is a person's name.
PERSON_TITLES = (
    "mr mrs ms miss mx mister sr sra srta señor señora don doña dona sgt ssgt sergeant officer "
    "coach pastor sister brother uncle aunt auntie tia tía tio tío grandma grandpa granny nana "
    "abuela abuelo abuelita abuelito baby little lil big cousin primo prima papi mami"
)
# Titles that mark an official or public figure in their professional role.
OFFICIAL_TITLES = (
    "mayor senator sen rep representative congressman congresswoman governor gov commissioner "
    "councilmember councilman councilwoman alderman chief secretary judge superintendent "
    "alcalde alcaldesa gobernador gobernadora senador senadora concejal"
)
# Titles that mark the organization's own clinicians.
STAFF_TITLES = "dr dra doctor doctora nurse enfermera enfermero np pa rn md"

# Role nouns that, written right before a name ("our nutritionist Maria", "board chair, James
# Whitfield"), make that name a staff member or volunteer in their professional role.
STAFF_ROLES = words("""
nurse nurses rn np pa md physician doctor pediatrician dentist hygienist assistant pharmacist
dietitian nutritionist midwife custodian janitor receptionist coordinator navigator manager
director ceo cfo cmo coo president chair chairman chairwoman founder volunteer intern resident
educator counselor therapist worker chw promotora promotor optometrist psychiatrist psychologist
provider supervisor lead technician tech specialist interpreter scheduler administrator officer
member trustee cma lpn enfermera enfermero doctora médica médico dentista voluntaria voluntario
asistente directora director gerente guardia recepcionista
""")
STAFF_SUFFIXES = (
    "rn md do np pa pa-c cma lpn dds dmd pharmd msw lcsw fnp cnm ma mph phd bsn aprn lmft"
)

# Given as whole phrases: patient relationship and care events (English and Spanish).
RELATION_PHRASES = r"""
our patient|my patient|our pt|fav(?:orite)? pt|favorite patient|oldest patient
|longest-serving patient|patient raffle|came in|come in|comes in|stopped by|was seen|were seen
|seen today|walked in|get well|feel better|speedy recovery|recover|recovering|recovery
|praying for|prayers for|thinking of|sending (?:love|hugs|prayers)|rest in peace|rest easy
|passed away|loss of|discharged|home from|out of the icu|in the hospital|hospitali[sz]ed
|welcome to the world|birth(?:ing)? center|born|arrived|due date|is due
|your (?:\w+ )?(?:appt|appointment|visit|results|refill|prescription|procedure|surgery|check-?up)
|(?:his|her|their) (?:\w+ )?(?:appt|appointment|visit|results|refill|prescription)
|nuestr[oa] paciente|mi paciente|vino|vinieron|se mejore|mejórate|recupere|recuperación
|oremos por|oramos por|de alta|su cita|tu cita|nació|bienvenid[oa] al mundo|descanse en paz
|falleció|hospitalizad[oa]
"""

# Health information: conditions, procedures, medications, results, pregnancy and care settings,
# English and Spanish. Matched as whole words or phrases, case-insensitive.
HEALTH_TERMS = r"""
chemo|chemotherapy|radiation|cancer|cancer-free|tumou?r|leukemia|lymphoma|biopsy|mammogram
|colonoscopy(?: prep)?|oncology|hospice|palliative|dialysis
|kidney(?: disease| transplant| failure)?|transplant|diabetes|diabetic|type [12] diabetes
|insulin|metformin|a1c|glucose(?: meter)?|blood sugar|blood pressure(?: meds| check)?
|bp(?: meds| numbers)?|hypertension|cholesterol(?: screening)?|heart attack|heart surgery
|cardiac rehab|cardiac|cardiology|bypass|stent|pacemaker|stroke(?: rehab)?|chest pains?
|shortness of breath|asthma|inhaler|copd|oxygen tank|pneumonia|covid|covid booster|covid shot
|flu shot|booster|vaccines?|vaccinations?|shots|immuni[sz]ations?|tb test|hiv|hiv test results
|prep|hep c|hepatitis|sti|std|uti|rash|infection|surgery|post-op(?: check)?|operation|procedure
|hip replacement|knee replacement|knee surgery|back surgery|hip surgery|knee|fracture
|broken arm|broken leg|cast|crutches|walker|wheelchair|stitches|sprained ankle|wound care
|wound check|physical therapy|pt session|therapy|rehab|prosthetic(?: leg| arm)?|amputation
|cataract surgery|eye exam|hearing aids?|braces|root canal|dental cleaning|dental appt
|dental visit|dental|filling|extraction|checkup|check-up|annual physical
|(?:his|her|your) physical|labs?|lab results|lab draw|test results|results|blood test
|blood work|x-ray|mri|ct scan|ultrasound|sonogram|scan|allergy test|allergies|diagnosis
|diagnosed(?: with)?|prescription|meds|medication|medicine|antibiotics|refill|pregnant
|pregnancy(?: test)?|prenatal(?: visit| classes)?|postpartum(?: depression)?|ob|nicu|icu|er
|emergency room|c-section|cesarean|miscarriage|delivered(?: a healthy baby(?: girl| boy)?)?
|labor|contractions|due date|weeks pregnant|iud|birth control|vasectomy|depression|anxiety|ptsd
|bipolar|schizophrenia|mental health crisis|addiction(?: recovery)?|sober|sobriety|relapse
|rehab|overdose|detox|smoking|alzheimer'?s|dementia|parkinson'?s|als|autism|adhd|seizures?
|epilepsy|migraines?|arthritis|gout|obesity|weight loss|weight management|gastric bypass
|telehealth|home health|(?:had|took|bad) a fall|(?:his|her|your) fall|illness|hospital stay
|green card physical|ultrasound pics|4 month shots|referral|gestational diabetes|quimio
|quimioterapia|tratamiento(?: de quimioterapia)?|cáncer|diálisis|diabetes|insulina|presión alta
|presión arterial|operación(?: de \w+)?|cirugía(?: de \w+)?|yeso|embarazo|embarazada|cesárea
|parto|vacunas?|resultados(?: de laboratorio)?|laboratorio|mamografía|infarto|derrame
|depresión(?: posparto)?|ansiedad|hospital|cataratas|rodilla|cadera|vesícula|tratamiento
|medicamentos?|receta|semanas de embarazo|prueba de embarazo|consulta|terapia
"""
# Specialties and services on their own ("our pediatric clinic") are not health information
# about a person, so they are not on the list.

# Phrases that make a story explicitly anonymous or composite.
COMPOSITE_PHRASES = r"""
composite|not (?:his|her|their) real name
|names? (?:and details )?(?:have been |has been |were )?changed|details (?:have been )?changed
|(?:are|is) fictional|fictionali[sz]ed|based on (?:several|many) patients|stands? in for many
|represents? (?:the )?many|historia compuesta|representa a (?:muchos|muchas)
|nombres? cambiados?|nombre ficticio|changed to protect
"""

# Whole-post cues that a post introduces or thanks staff, volunteers or board members.
STAFF_POST_PHRASES = r"""
volunteer spotlight|employee of the month|staff spotlight|happy retirement|retirement
|years with us|years as our|years of service|years on our team|joins? (?:us|our team)
|joined our team|to our team|años de servicio|años con nosotros
|nuestr[oa] nuev[oa] (?:médic[oa]|dentista|enfermer[oa])
"""
