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
adaeze adriel aileen ainsley alaina aldo alonzo alvaro amari amaya anaya andrea angelo anika
antoine antwan aracely araceli arely aria arianna armani arnulfo ashton aubrey audrey aurelio
aurora bertha bessie blake bo brayden brenna brooklyn bryce calvin camille carmelo carrie
cassidy cayden chanel chantal charlene chaya chiara chidi chinedu cielo clarissa claudette
clementine colton concepcion cooper cornelius cruz cuauhtemoc darian darnell dashawn davon
dayana deandre deion delfina delilah demetrius deondre desmond dexter dinah dionne dulce
earnestine efren eleanor eliana elise eliseo eloisa elton emanuel emiliano emmanuel enid
esteban estrella eunice everett evie ezekiel fausto federico fern finn francine gael genaro
genoveva gianna gideon giselle gonzalo greta gustavo hana harper hattie hayden hazel heriberto
hortensia hudson humberto imelda inez isidro itzel jabari jacinto jada jalen jamar jamila
janae jaquan jasper javon jaxon jazmin jeanette jermaine jocelyn johanna jolene jonah josue
jovan juliana julissa kai kaiya kalani kamala keanu keisha kendrick kenya keshawn khalil
kiana kofi kwame lakeisha laquita lashonda latonya leandro leilani leonel leroy lilia lionel
lorna lucinda lyle lyric macario magdalena makayla malcolm malia marcel marcelo marco marcy
margie mariela marissa marlon marquis marta maryann mateo matilda maura maximo mayra mckenzie
mei melody micaela milo mireya moises mona nadine nayeli nestor nevaeh nico nicolas nilda
noemi nolan norberto nubia obdulia odessa ofelia olive opal orlando osvaldo otis paloma
patrice penelope petra porfirio precious quinton rafaela ramiro raven reina reuben rey reyes
rhonda rigoberto riley rocco rolando romeo rory rosalba rosalinda rosaura rosita rosy roxana
rufus sage salma santos savannah selma serena shanika shaniqua shayla sienna silas socorro
soledad stacey stuart sunita tamika tania tatiana teodoro terrell thaddeus thalia tobias
tomasa tori trinidad tristan tyesha tyra ulises valentina valeria vero vilma wendell
wyatt ximena xiomara xochitl lourdes ines inés
yahir yaretzi yazmin yuki yusuf zaire zion zoraida zuri
beto cuca chava chayo chencho chole chuyito conchita cuquita fito goyo lalo lencho licha
lulu maru memo meche nacho nando neto pancho pepa pili poncho quique rafa tito toño trini
""")

# Common US surnames (English, Spanish, African-American, Asian and other origins), written from
# general knowledge. A capitalized word on this list right after a capitalized first name makes
# the pair a full name ("Alonzo Freeman") even when the first name is not on GIVEN_NAMES.
SURNAMES = words("""
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez
gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris
sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill
flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips
evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers
gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson
watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders
patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler
henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton
graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina
aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington
kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter
hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black
robertson boyd rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson
nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins arnold pierce
vazquez hansen peters santos hart bradley knight elliott cunningham duncan armstrong hudson
carroll lane riley andrews alvarado ray delgado berry perkins hoffman johnston matthews pena
richards contreras willis carpenter lawrence sandoval guerrero george chapman rios estrada
ortega watkins greene nunez wheeler valdez harper burke larson santiago maldonado morrison
franklin carlson austin dominguez carr lawson jacobs obrien lynch singh vega bishop montgomery
oliver jensen harvey williamson gilbert dean sims espinoza howell li wong reid hanson le
mccoy garrett burton fuller wang weber welch rojas lucas marquez fields park yang little banks
padilla day walsh bowman schultz luna fowler mejia davidson acosta brewer may holland juarez
newman pearson curtis cortez douglas schneider joseph barrett navarro figueroa keller avila
wade molina stanley hopkins campos barnett bates chambers caldwell beck lambert miranda byrd
craig ayala lowe frazier powers neal leonard gregory carrillo sutton fleming rhodes shelton
schwartz norris jennings watts duran walters cohen mcdaniel moran parks steele vaughn becker
holt deleon barker terry hale leon hail benson haynes horton miles lyons pham graves bush
thornton wolfe warner cabrera mckinney mann zimmerman dawson lara fletcher page mccarthy love
robles cervantes solis erickson reeves chang klein salinas fuentes baldwin daniel simon
velasquez hardy higgins aguirre lin cummings chandler sharp barber bowen ochoa dennis robbins
liu ramsey francis griffith paul blair oconnor cardenas pacheco cross calderon quinn moss
swanson chan rivas khan rodgers serrano fitzgerald rosales stevenson christensen manning
gill curry mclaughlin harmon mcgee gross doyle garner newton burgess reese walton blake
trujillo adkins brady goodman roman webster goodwin fischer huang potter delacruz montoya todd
wu hines mullins castaneda malone cannon tate mack sherman hubbard hodges zhang guerra wolf
valencia saunders franco rowe gallagher farmer hammond hampton townsend ingram wise gallegos
clarke barton schroeder maxwell waters logan camacho strickland norman person colon parsons
frank harrington glover osborne buchanan casey floyd patton ibarra ball tyler suarez bowers
orozco salas cobb gibbs andrade bauer conner moody escobar mcguire lloyd mueller hartman
french kramer mcbride pope lindsey velazquez norton mccormick sparks flynn yates hogan marsh
macias villanueva zamora pratt stokes owen ballard lang brock villarreal charles drake barrera
cain patrick pineda burnett mercado santana shepherd bautista ali shaffer lamb trevino mckenzie
hess beil olsen cochran morton nash wilkins petersen briggs shah roth nicholson holloway
lozano rangel flowers hoover short arias mora valenzuela bryan meyers weiss underwood bass
greer summers houston carson morrow clayton whitaker decker yoder collier zuniga carey wilcox
melendez poole roberson larsen conley davenport copeland massey lam huff rocha cameron
jefferson hood monroe anthony pittman huynh randall singleton kirk combs mathis christian
skinner bradford richard galvan wall boone kirby wilkinson bridges bruce atkinson velez meza
roy vincent york hodge villa abbott allison tapia gates chase sosa sweeney farrell wyatt
dalton horn barron phelps yu dickerson heath foley atkins mathews bonilla acevedo benitez
zavala hensley glenn cisneros harrell shields rubio huffman choi boyer garrison arroyo bond
kane hancock callahan dillon cline wiggins grimes arellano melton oneill savage ho beltran
pitts parrish ponce rich booth koch golden ware brennan mcdowell marks cantu humphrey baxter
sawyer clay tanner hutchinson kaur berg wiley gilmore russo villegas hobbs keith wilkerson
ahmed beard mcclain montes mata rosario vang walter henson oneal mosley mcclure beasley
stephenson snow huerta preston vance barry johns eaton blackwell dyer prince macdonald
solomon guevara stafford english hurst woodard cortes shannon kemp nolan mccullough merritt
murillo moon salgado strong kline cordova barajas roach rosas winters jacobson lester knox
bullock kerr leach meadows orr davila whitehead pruitt kent conway mckee barr david dejesus
marin berger mcintyre blankenship gaines palacios cuevas bartlett durham dorsey mccall
odonnell stein browning stout lowery sloan mclean hendricks calhoun sexton chung gentry hull
duarte ellison nielsen gillespie buck middleton sellers leblanc esparza hardin bradshaw
mcintosh howe livingston frost glass morse knapp herman stark bravo noble spears weeks
corona frederick buckley mcfarland hebert enriquez hickman quintero randolph schaefer walls
trejo house reilly pennington michael conrad giles benjamin crosby fitzpatrick donovan mays
mahoney valentine raymond medrano hahn mcmillan small bentley felix peck lucero boyle
hanna pace rush hurley harding mcconnell bernal nava ayers everett ventura avery pugh mayer
bender shepard mcmahon landry case sampson moses magana blackburn dunlap gould duffy vaughan
herring mckay espinosa rivers farley bernard ashley friedman potts truong costa correa
blevins nixon clements fry delarosa best benton lugo portillo dougherty crane haley phan
villalobos blanchard horne finley quintana lynn esquivel bean dodson mullen xiong hayden
cano levy huber richmond moyer lim frye sheppard mccarty avalos booker waller parra woodward
jaramillo krueger rasmussen brandt peralta donaldson stuart faulkner maynard galindo coffey
estes sanford burch maddox vo oconnell vu andersen spence mcpherson church schmitt stanton
leal cherry compton dudley sierra pollard alfaro hester proctor lu hinton novak good madden
mccann terrell jarvis dickson reyna cantrell mayo branch hendrix rollins rowland whitney duke
odom daugherty travis tang archer okafor okonkwo nwosu adeyemi mensah castellanos kessler
grant hobbs coleman delacroix whitcomb
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
sage olive precious melody reina rey reyes santos trinidad socorro soledad estrella paloma cielo
dulce aurora fern hazel opal harper hudson cooper riley lyric kai bo milo finn blake hayden
chase nacho poncho neto memo tito lulu pepa pili rafa trini cuca nubia lionel marco
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
    "abuela abuelo abuelita abuelito baby little lil big cousin primo prima papi mami deacon "
    "rev reverend elder hermana hermano bebé bebe nene nena baby-girl compa comadre compadre "
    "mija mijo mama mamá papa papá nonna cuz "
    "tūtū tutu kupuna aunty tutu-man tutu-lady kumu shimá shimasani shicheii shínálí "
    "bà ông cô chú bác dì"
)
# Titles that mark an official or public figure in their professional role.
OFFICIAL_TITLES = (
    "mayor senator sen rep representative congressman congresswoman governor gov commissioner "
    "councilmember councilman councilwoman alderman chief secretary judge superintendent "
    "alcalde alcaldesa gobernador gobernadora senador senadora concejal delegate councilor "
    "councillor legislator assemblymember assemblyman assemblywoman chairperson vice-president "
    "regidor regidora diputado diputada"
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
asistente directora director gerente guardia recepcionista chaplain capellán capellan
housekeeper doula nutrióloga nutriólogo nutricionista partera partero psicóloga psicólogo
farmacéutica farmacéutico higienista navegadora navegador consejera consejero terapeuta
pediatra ginecóloga ginecólogo coordinadora coordinador técnica técnico trabajadora doc
optometrista odontóloga odontólogo educadora educador chef facilitator instructor teacher
trainer speaker presenter consultant ibclc lactation chaplain dentista
""")
STAFF_SUFFIXES = (
    "rn md do np pa pa-c cma lpn dds dmd pharmd msw lcsw fnp cnm ma mph phd bsn aprn lmft "
    "ibclc chw cpm lpc lmhc lcpc lac ladc cadc rd rdn rdh cda dnp pmhnp psyd od cnp whnp "
    "emt cde cdces ccm lvn dpt otr slp ccc-slp"
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
|rip|r\.i\.p|en paz descanse|q\.?e\.?p\.?d|in (?:your|our) (?:prayers|thoughts)|pray for
|keep (?:\w+ )?praying
|oremos (?:x|por)|oren (?:x|por)|recen (?:x|por)|en (?:sus|tus|nuestras) oraciones
|una oración (?:x|por)
|your (?:\w+ )?(?:check|test|labs|shot|exam|screening|cleaning|scan|x-ray|meds|inhaler|insulin
|medicine|medication|results|ultrasound|surgery|cast|stitches|delivery|baby)
|(?:tu|su) (?:\w+ )?(?:receta|medicina|medicamento|inhalador|insulina|resultados|vacuna|examen
|prueba|chequeo|ultrasonido|operación|cirugía|parto|bebé)
|(?:was|were|got|been) (?:\w+ )?(?:seen|admitted|treated|delivered)
|had (?:her|his|their|a) (?:\w+ )?baby
|gave birth|dio a luz|tuvo (?:a )?su bebé|baby #\d+|bebé #\d+
|(?:it'?s|its|es) (?:a )?(?:girl|boy|niña|niño)
|with us since|seeing us|been coming (?:here|to us)|es paciente|son pacientes|patient of ours
|(?:baby|bebé) (?:is )?due|hang in there|échale ganas|aguanta|fuerza,|stay strong
|keep fighting|sigue luchando
|your (?:\w+ )?(?:son|daughter|child|kid|baby|little one|grandson|granddaughter)['\u2019]s
|(?:su|tu) (?:hijo|hija|nene|nena|bebé|niño|niña|nieto|nieta) (?:dejó|tiene|necesita|está
|olvidó|perdió|vomitó|se cayó|se desmayó)
|one of our (?:clients|patients|participants|residents|kids|students|members|moms|families)
|uno de nuestros (?:pacientes|clientes|participantes)|una de nuestras (?:pacientes|clientas)
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
|tooth pulled|teeth pulled|pulled (?:a|his|her|that|the|their) tooth|wisdom teeth|tooth extraction
|cavity|cavities|crowns?|dentures|gum disease|l&d|labor (?:&|and) delivery|memory care
|assisted living|nursing home|well-child(?: visit| check)?|well-baby(?: visit| check)?
|inr(?: check)?
|coumadin|warfarin|blood thinners?|strep(?: throat| test)?|flu|tested positive|came back (?:positive
|negative|clean|normal)|positive for|bariatric(?: surgery)?|bronchitis|ear infection
|sinus infection|kidney stones?|appendix|appendectomy|gallbladder|hernia|tonsils|tonsillectomy
|concussion|broken (?:wrist|ankle|hand|foot|nose|hip|ribs?|collarbone)|allergic reaction|epipen
|insulin pen|cpap|nebulizer|oxygen|shingles|measles|chickenpox|head lice|rsv|eczema|lupus
|sickle cell|thyroid|anemia|pap smear|pap test|hpv|lasik|speech therapy|occupational therapy
|ambulance|urgent care|er visit|sick|injury|injured|car accident|cardiac arrest|long covid
|miscarriages?|stillbirth|gave birth|delivery|newborn|ultrasounds?|sonograms?|first steps
|cast off|had (?:her|his|their|a) (?:\w+ )?baby|baby #\d+|(?:it'?s|its) a (?:girl|boy)|nicu stay
|hospice care|blood draw|bloodwork|vitals|weigh-in|lbs down|pounds down|sugar levels?
|inhalador|asma|neumonía|neumonia|pulmonía|ultrasonido|sonograma|sala de partos|partos?
|dio a luz|aborto espontáneo|perdió (?:a su|al|el) bebé|diente|dientes|muelas?
|le (?:sacaron|quitaron|pusieron) (?:una|la|el|los|las) \w+|extracción|limpieza dental|frenos
|brackets|caries|dentadura|glucosa|azúcar alta|colesterol|derrame cerebral|ataque al corazón
|urgencias|sala de emergencias|emergencias|ambulancia|fractura|se quebró|puntadas|puntos
|herida|gripe|influenza|fiebre|infección|bronquitis|alergias?|convulsiones|epilepsia|demencia
|alzheimer|riñones?|tumor|radiación|fisioterapia|rehabilitación|posparto|lactancia|pastillas
|inyección|análisis|chequeo|salió positivo|dio positivo|uci|terapia intensiva
|cuidados intensivos|internad[oa]|la presión|enferm[oa]|enfermedad|recién nacid[oa]
|es (?:una )?(?:niña|niño)|el bebé|la bebé|embarazo de|antojos|cita de la presión
|cataract|glasses for|pill bottle|pills|prescription bottle|pill organizer|pastillero
|frasco de pastillas|infusion|infusión
|teeth|tooth|front teeth|partial plate|partials|denture|sin fumar|dejó de fumar|dejar de fumar
|smoke-free|smoke free|quit smoking|nicotine|laid up|sugar under control
|(?:her|his|their|your|my|su|tu) sugar|(?:su|tu|el) azúcar|hgb|hb|hemoglobin|hemoglobina
|recheck|flare|flare-up|dx|rx|f/u|iv fluids|suero|cane|andadera|bastón
|(?:allergy|tetanus|b12|hpv|hep b|pneumonia|shingles|rsv|depo|mmr|tdap|polio|measles) shot
|(?:sports|school|camp|dot|cdl|annual|well-woman|employment|immigration) physicals?
|new glasses|eyeglasses|lentes|anteojos
|methadone|metadona|suboxone|buprenorphine|buprenorfina|naltrexone|vivitrol|mat program
|quit group|quit line|without a cigarette|sin (?:un )?cigarro|nicotine patch(?:es)?
|parche de nicotina
|heat exhaustion|heat stroke|heatstroke|golpe de calor|agotamiento por calor|dehydration
|deshidratación|ckd|chf|edema|stage [1-4]|symptoms|síntomas|sx|mareos?|desmay[oó]
|examen (?:de la vista|de los ojos|físico|médico|de sangre|del corazón)
|treatments?|treated for|fever|cough|vomiting|sore throat|vision (?:test|exam|screening)
|hearing (?:test|screening)|eye test
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
|fictional|fictitious|ficticia|ficticio|ficción|made-up|hypothetical|hipotétic[oa]|imaginary
|imaginari[oa]|no (?:actual|real) patients?|not (?:an? )?(?:actual|real) patients?
|ningún paciente real|no son pacientes reales|pacientes? ficticios?
|(?:played|portrayed) by (?:an? )?(?:actors?|models?)|(?:son|es) (?:un )?actor(?:es)?
|personaje|no existe|no es (?:una persona |un paciente |una paciente )?real|fotonovela
|radionovela|telenovela|made up|not a real (?:person|patient)|(?:isn'?t|is not) a real
|invented|inventad[oa]|character we created|personaje que creamos
|(?:isn'?t|is not|aren'?t|are not|wasn'?t|was not) real\b|no (?:es|son|existe[n]?) real(?:es)?\b
|training scenario|role-?plays?|escenario de práctica|caso de práctica
"""

# Whole-post cues that a post introduces or thanks staff, volunteers or board members.
STAFF_POST_PHRASES = r"""
volunteer spotlight|employee of the month|staff spotlight|happy retirement|retirement
|years with us|years as our|years of service|years on our team|joins? (?:us|our team)
|joined our team|to our team|años de servicio|años con nosotros|meet (?:the|our) team
|conozca al equipo|conoce a nuestro equipo
|nuestr[oa] nuev[oa] (?:médic[oa]|dentista|enfermer[oa])
|(?:meet|welcome|introducing|say hi to|conozcan a|les presentamos a|bienvenid[oa]s? a)
\s(?:our |the |nuestr[oa]s |l[oa]s )?(?:[\w-]+ ){0,3}(?:interns?|students?|residents?|fellows?
|scholars?|trainees?|apprentices?|new hires|intern[oa]s|estudiantes|residentes|becari[oa]s
|practicantes|voluntari[oa]s|volunteers)
"""

# Surnames that are also everyday English words: they do not make a "Firstword Surname" pair a name
# on their own ("Awareness Day", "Testing Center").
COMMON_SURNAMES = words("""
day may long little young black white green brown gray grey rose stone love hill wood woods king
page case church house small strong best good rich golden hall park parks fields banks branch
bush cross moon snow frost glass noble sharp short wise person english french marks mark
winters summers rivers waters flowers powers bond grant price cook ward bell hunt wall walls
lane ball bass pace rush fox wolf west north south east hope joy faith chase hunter miles
mills baker carpenter fisher farmer gardner potter porter tanner turner walker weaver hardy
gates sparks meadows lamb savage booth cash strong holland england jordan houston dallas
austin london paris frank james thomas henry charles paul simon lucas daniel david michael
joseph anthony oliver george lawrence christian benjamin vincent raymond patrick allison
ashley lynn avery everett best buck decker good hood knight lowe justice small sterling
moody wiley love shepherd ray tate quinn graves hoover steele sweeney house stout valentine
""")

# Capitalized everyday words that land in a name slot ("Thanks Everyone", "Gracias Comunidad",
# "Congrats Team") and are not names.
COMMON_CAPS = words("""
council chapter tribal delegate delegation officials legislature
everyone everybody all you u y'all yall folks friends family families team staff crew patients
parents moms dads mothers fathers mom dad mama papa mamá papá nurses doctors providers
volunteers neighbors community comunidad familia familias todos todas amigos equipo pacientes
mothers' fathers' mother's father's day days week month year night morning evening
god lord jesus dios america usa state county city town school church nation world
anonymous donor donors sponsors partners board members graduates grads class students kids
children niños niñas babies bebés mamás papás abuelitos abuelitas seniors veterans heroes
it it's its this that these those there here what when where why how who which we they he she
and or but so if then our your my his her their los las el la los una un nuestro nuestra
free new big little great good best happy merry feliz thank thanks gracias congrats welcome
please join today tonight tomorrow yesterday now next last first one two three
ok okay yes no omg lol wow hey hi hello hola and also just
doctor doc nurse dentist clinic health salud center centro dental medical pharmacy farmacia
front desk lab labs hospital er icu mr mrs ms dr
huge big special many massive warm heartfelt sincere enormous giant major quick muchas mil
infinitas did do does don't can could would should is are was were have has had reminder
attention psst note update heads remember bring get check know schedule mark tag grab book
protect keep make let let's tell take sorry guess looking calling shoutout shout sad proud
fun want need ask call stop come see visit help learn read watch share follow like
seniors ladies gentlemen guys gals fam hermanos hermanas vecinos
alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho
illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas
utah vermont washington wisconsin wyoming puerto rico guam mexico méxico haiti ukraine gaza
houston chicago phoenix philadelphia detroit memphis atlanta miami denver boston seattle
baltimore milwaukee albuquerque tucson fresno sacramento oakland cleveland tulsa omaha
louisville nashville orlando tampa maui uvalde
bank pantry shelter foundation library market store ministry ministries coalition alliance
rotary lions kiwanis university college academy
""")

# Capitalized words that come before a single letter and a full stop without being a name
# ("Vitamin D.", "Hep B.", "Plan B.", "Suite C.").
NOT_BEFORE_INITIAL = words("""
vitamin vitamins hepatitis hep type plan exam room building suite wing section grade level stage
group class lot area gate phase part zone unit step option team pod hall door entrance tier
floor ward bay aisle row block track
""")

# Round five: health vocabulary across every service a community health center offers, English
# and Spanish (Puerto Rican and Mexican usage too), with abbreviations and slang. Written from
# general clinical vocabulary, service by service; appended to HEALTH_TERMS. Plurals come from
# the scanner's optional "s"/"es" ending.
HEALTH_TERMS_BROAD = r"""
hiv positive|hiv-positive|hiv\+|poz|viral loads?|undetectable|indetectable|cd4(?: count)?
|(?-i:PEP)|prep (?:clinic|refill|visit|appt|pills?|shot)|truvada|descovy|cabenuva|apretude|biktarvy
|antiretrovirals?|antirretrovirales?|vih|sida|aids|seropositiv[oa]|hiv (?:care|meds|diagnosis)
|syphilis|sífilis|gonorrhea|gonorrea|chlamydia|clamidia|herpes|vph|trich|trichomoniasis
|genital warts|verrugas genitales|sti test|std test|transmisión sexual|penicillin shot|bicillin
|doxy-?pep|follow-up|follow up|seguimiento|cita de seguimiento|rapid test|prueba rápida
|prueba de(?:l)? vih|tested positive|is positive|came back positive|(?:salió|dio|es) positiv[oa]
|testosterone|testo|(?-i:T) (?:shots?|refill|injections?|gel)|(?:on|started|starting|start|began
|begin|his|her|their|my) (?-i:T|E|HRT)
|estrogen|estradiol|estrógeno|spironolactone|spiro|hrt|hormones?|hormone therapy
|terapia hormonal|tratamiento hormonal|hormonas|top surgery|bottom surgery|facial feminization
|ffs|mastectomy|mastectomía|vaginoplasty|phalloplasty|orchiectomy|puberty blockers
|bloqueadores de pubertad|readiness letter|letter of support|carta de apoyo|gender marker
|gender-affirming (?:care|surgery|hormones)|(?:her|his|their|su) transition|transitioning
|name change (?:paperwork|letter|papers)
|relapsed?|relapsing|recaída|recayó|recaer|(?:\d+|one|two|three|six|ninety) (?:years?|yrs?|months?
|days?|weeks?) (?:clean|sober|sobri[oa]|in recovery|limpi[oa])
|(?:clean|limpi[oa]) (?:and|y) (?:sober|sobri[oa])|sobri[oa]|detox|desintoxicación|rehab
|residential(?: treatment| program| rehab)?|inpatient|outpatient program|iop|intensive outpatient
|sublocade|narcan|naloxone|naloxona|overdosed?|od'd|sobredosis|fentanyl|fentanilo|heroin
|heroína|opioids?|opiates?|opioid use disorder|oud|alcohol use disorder|alcoholism|alcoholismo
|alcohólic[oa]|meth|cocaine|cocaína|withdrawals?|abstinencia|tox screen|drug test|urine screen
|moud|mat (?:program|team|clinic|patient|group)|induction|inducción|methadone maintenance
|aa meetings?|na meetings?|12-step|got (?:off|clean)|using again
|psych unit|psych ward|inpatient psych|psychiatric(?: hold| unit| ward| hospital| admission)?
|psiquiátrico|psiquiatría|in crisis|crisis (?:unit|center|stabilization|bed|visit|episode|team)
|crisis de (?:ansiedad|nervios|pánico|asma)|ataques? de (?:pánico|nervios|ansiedad|asma)
|5150|baker act(?:ed)?|involuntary hold|72-hour hold|suicidal|suicide attempt|attempted suicide
|self-harm|intento de suicidio|suicida|ideación suicida|panic attacks?|eating disorder
|anorexia|bulimia|ocd|psychosis|psicosis|hallucinations|counseling|counselling|consejería
|therapy sessions?|sesión de terapia|psicoterapia|antidepressants?|antidepresivos?|zoloft
|prozac|lexapro|wellbutrin|sertraline|fluoxetine|seroquel|lithium|abilify|adderall|ritalin
|concerta|adhd meds|tdah|los nervios|padece de los nervios|grief counseling|bipolar disorder
|fillings?|empastes?|calzas?|cleanings?|limpiezas?|crowns?|coronas? dentales?|extractions?
|extracciones|endodoncia|canal (?:de raíz|radicular)|cordales|muelas del juicio|sealants?
|selladores?|fluoride varnish|fluoruro|implants?|implante dental|abscess|absceso|toothache
|dolor de muelas?|gingivitis|periodontal|deep cleaning|night guard|retainer|retenedor
|(?:tooth|diente|muela) #\d+|molars?|braces consult|orthodontic|ortodoncia|denture|dentadura postiza
|nebulizer|nebulizador|spacer|albuterol|pump|bombita|calentura|temperatura|strep culture
|(?:strep|throat|urine|blood|wound|ear) cultures?|cultivo|ear infection|infección de(?:l)? oído
|dolor de oído|otitis|well-child
|niño sano|\d+-month shots|\d+ month shots|vacunas de los \d+ meses|lead (?:level|test|screening)
|prueba de plomo|hand,? foot and mouth|mano,? pie y boca|pinkeye|pink eye|conjunctivitis
|conjuntivitis|croup|bronchiolitis|bronquiolitis|diaper rash|colic|cólicos?|jaundice|ictericia
|failure to thrive|developmental delay|speech delay|retraso del habla|peanut allergy
|asthma (?:check|attack|flare|visit)|ataque de asma|sick visit|vomited|vomitó|vómitos?|threw up
|throwing up|diarrhea|diarrea|fainted|fainting|passed out|se desmayó|desmayo|nosebleed
|piojos|sprained?|esguince|broken bone|hueso roto|cochlear implant|implante coclear
|wound(?: vac| care| check)?|foot wound|heridas?|úlceras?|ulcers?|leg ulcers|pressure sore
|bedsore|pie diabético|cellulitis|celulitis|infected|infectad[oa]|dressing change|vendajes?
|curaciones|gangrene|gangrena|frostbite|congelación|burns?|quemaduras?|trench foot|stitches
|insulin pump|bomba de insulina|cgm|dexcom|libre sensor|freestyle libre|glucometer|glucómetro
|test strips|tiras (?:de|para) (?:glucosa|azúcar)|lancets|ozempic|mounjaro|trulicity|jardiance
|januvia|glipizide|lantus|humalog|novolog|lisinopril|amlodipine|losartan|metoprolol|hctz
|hydrochlorothiazide|atorvastatin|statins?|estatinas?|eliquis|xarelto|symbicort|advair|spiriva
|flovent|prednisone|prednisona|oxygen concentrator|concentrador de oxígeno|bp cuff
|blood pressure (?:cuff|pills?|medicine|medication|meds)|pastillas? (?:de|para) la presión
|medicamentos? (?:de|para) la presión|medicina (?:de|para) la presión|(?:his|her|their|your
|my) (?:sugars?|pressure)
|high blood|prediabetes|pre-diabetes|hipertensión|diabétic[oa]|heart murmur|murmur|soplo
|heart failure|insuficiencia cardíaca|afib|arrhythmia|arritmia|angina|liver|hígado|cirrhosis
|cirrosis|hep b|tb|tuberculosis|ppd|tb skin test|epoc|enfisema|emphysema|oxígeno|sleep apnea
|apnea|obesidad|leucemia|linfoma|tiroides|embolia|migraña|multiple sclerosis|esclerosis
|fibromyalgia|fibromialgia|neuropathy|neuropatía|colonoscopía|endoscopy|endoscopía|biopsia
|l[oae]s? operaron|operad[oa]|implant surgery|cardio referral|referred to|referid[oa] a
|pesticide (?:poisoning|exposure)|pesticides?|pesticidas?|plaguicidas?|envenenamiento
|intoxicación|poisoning|heat (?:illness|rash|cramps)|insolación|work injury|workplace injury
|injured on the job|lesión|lesionad[oa]|back injury|herniated disc|workers'? comp|chemical burn
|eye injury|laceration|cortadura|fell from a ladder|se cayó
|postparto|fecha de parto|preeclampsia|gestational|high-risk pregnancy|embarazo de alto riesgo
|morning sickness|náuseas?|baby bump|barriguita|expecting(?: twins| a baby)?|breastfeeding
|lactation|ectopic|fertility|ivf|tubal ligation|ligadura de trompas|nexplanon|anticonceptiv[oa]s?
|pastillas anticonceptivas|plan b|morning-after pill|abortion|aborto|papanicolau|papanicolaou
|colposcopy|colposcopía|pelvic exam|well-woman|prenatal|cita prenatal|control prenatal|nicu
|c-section|due date|\d+-week (?:check|prenatal visit|ultrasound|appointment)
|glasses|espejuelos|gafas|glaucoma|retinopathy|retinopatía|diabetic eye exam|lazy eye|ojo vago
|hearing aids?|audífonos|hearing loss|pérdida auditiva|sordera|audiology|audiología|ear tubes
|terapia física|terapia del habla|knee brace|pain|dolor(?: de \w+)?|headaches?|back pain
|dizzy|dizziness|mareado|mareada|nausea|tos|malit[oa]|achaques|vaxxed|(?:his|her|your|their|su
|tu) (?:first |second |last )?shot
|the sugar|el azúcar|la condición|the big c
|allergy shots?|allergy injections?|tdap|dtap|mmr|td booster|tetanus shot|shingrix|shingles shot
|prevnar|pneumonia shot|rsv shot|hpv shot|hep b shot
|(?:immunization|vaccine|shot)s? (?:is |are )?overdue
|trach|tracheostomy|traqueostomía|o2|o2 concentrator|oxygen|oxygen concentrator
|concentrador de oxígeno|oxígeno|cpap|bipap|nebuli[sz]er|nebulizador
|feeding tube|g-tube|ostomy|colostomy(?: bag)?
|catheter|insulin pump|cgm|dexcom|libre sensor|andador|silla de ruedas|bastón|muletas|diálisis
|vacuna|vacunas|hospital bed|home health|wound photos?
|(?:\d+|one|two|three|thirty|ninety|un|dos|tres|seis|treinta|noventa)\s(?:days?|weeks?|months?|years?|días?|semanas?|mes|meses|años?)\s(?:without|off|free\sof
|sin)\s(?:a\sdrink|drinking|alcohol|booze|drugs|pills|using|smoking|cigarettes|tomar|beber|fumar
|drogas)
|i-693|i693|immigration (?:medical|physical|exam)|civil surgeon|examen de inmigración
"""

# Puerto Rican, Mexican, Central American, Haitian, LGBTQ+ and other given names and nicknames
# that the first list lacked, written from general knowledge of naming usage.
GIVEN_NAMES_MORE = """
joselo papo cheo cuco yadiel dariel yamilet coralys yomaira glorimar kenzie deena dev shay
bri tre jaz yeyo pucho wichy kiko lolo tati nene chichi chago moncho pachi tuto manolo
yolo yaritza yaiza yadira keishla jomar jomaris yarelis yanira nitza nydia wilmer wilfredo
edwin edgardo heriberto yamil yariel yandel jadiel jeremías elieser eliezer yesenia joshua
nayelis krystal zuleika migdalia carmín carmin awilda brunilda ivelisse maritza marilú
marielis xavier xiomara zaida naida lucecita chabela chela tona chelito maribel marangely
darlene doralis ismael miguelito juanchi kike quique paquito pepito toñito
chuy chente chema chucho chalo lupita
jean-pierre jean-baptiste jeanne fabiola guerline guerda wisler wilner jocelyne nadège
ricot rosemène stanley marie-claude mackenson widline
alexis avery blair charlie dakota emerson frankie jessie jules kai kendall laken london
morgan parker quinn reese remy robin rowan sam skyler spencer taylor tobi devon dev
river rain sky ash jude lux nova orion phoenix sage wren zion zephyr ezra micah
ronnie randi jamie kelsey kennedy mckenna makenna mackenzie deandre d'andre dandre tavon
tariq tyree tyrell keshawn lashawn shaquille shanice shaniya trinity aniyah jayla kayden
brayden jaylen jayden aiden caden hayden kaden zaiden ellie hallie callie kinsley paisley
harlow raelynn oaklynn brynlee emmett weston beckett bentley colt wade jace
makana kainoa keoni leilani kalani malia noelani kaimana kawika pualani nohea ikaika keala
kealoha lokelani mahina kanoa kekoa keahi lanakila moana haunani kaleo kamalei iolani
priya anjali rohan arjun ravi sanjay deepa neha pooja rahul amit sunita kavya aditi vikram
meera nisha anil suresh lakshmi divya ananya aarav vivek rajesh sita gita
ernie bernie lou hank walt stu gus herb mort vern earl bev marge midge barb gert ike abe
manny lupe nacho paco tere lencho chencho
linh minh trang thao huong phuong quang tuan nguyet thuy hieu khoa
omar fatima ahmed yusuf layla amira khalid hassan mariam nour zainab
"""
AMBIGUOUS_MORE = """
dev river rain sky ash jude lux nova phoenix sage wren blair dakota london parker quinn
reese robin spencer taylor morgan jules charlie avery skyler kennedy colt wade flaco gordo
papi mami nene tona trinity harlow weston jace bri tre jaz
moana mahina earl herb bev gus abe ike stu hank lou
"""

GIVEN_NAMES = GIVEN_NAMES | words(GIVEN_NAMES_MORE)
AMBIGUOUS_NAMES = AMBIGUOUS_NAMES | words(AMBIGUOUS_MORE)
