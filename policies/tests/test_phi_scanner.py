"""The PHI scanner, sentence by sentence: each identifier kind and each safe pattern, in English
and Spanish. No database needed."""

import pytest

from policies.findings import Severity
from policies.phi import AllowList, scan


def labels(text: str, **kw) -> set[str]:
    return {f.label for f in scan(text, **kw).findings}


PHI_POSTS = [
    # names, nicknames, handles, initials, lowercase names
    ("Congrats to our patient Gerald Simmons on finishing his cardiac rehab!", "phi.name"),
    ("so proud of our pt kenny who finally quit smoking 🚭", "phi.name"),
    ("@sunny_days_77 thanks for the lovely note after your root canal 😁", "phi.name"),
    ("Our patient M.K. came in this morning with chest pains", "phi.name"),
    ("Get well soon Mrs. Thornton, we heard about your hip surgery 💐", "phi.name"),
    ("Sending love to Granny Pearl who starts dialysis next week", "phi.name"),
    ("Nicole's mom came in today to say the NICU discharged her baby 💕", "phi.name"),
    # dates tied to care
    ("See you tmrw at 10:30 Brianna for your ultrasound!", "phi.date"),
    ("Carla had her c-section on March 14 with our midwives", "phi.date"),
    # ages
    ("Our patient Hazel just turned 98 and still comes in for her flu shot", "phi.age"),
    ("A 93-year-old patient walked in today for her first mammogram", "phi.age"),
    # contacts
    ("Derrick, please call us back at 555-382-1190 about your biopsy results", "phi.contact"),
    ("Confirming for marta.reyes77@example.com: your prenatal visit is Friday", "phi.contact"),
    # addresses
    ("Our nurse will stop by 48 Willow Ct on Tuesday for Mr. Ames's wound check", "phi.address"),
    ("Our patient from Beaver Creek who had a stroke in May is walking again", "phi.address"),
    # record, SSN, device, URL/IP, photo, health
    ("MRN 7730192 needs her labs redrawn", "phi.record_number"),
    ("Medicaid number 558103927 was left on the counter", "phi.record_number"),
    ("Someone left a form with SSN 501-33-8291 at the front desk", "phi.ssn"),
    ("Insulin pump serial TX-55102 left in room 4, owner please call", "phi.device"),
    ("Pickup truck, plate 6GHT903, is blocking the patient entrance", "phi.device"),
    ("Please support our patient Rey: gofundme.com/f/rey-cancer-fight", "phi.url"),
    ("Pictured: our patient Loretta with her new hearing aids 🦻", "phi.photo"),
    ("Video of Tobias taking his first steps after knee surgery is up on our page!", "phi.photo"),
    ("Praying for Mr. Dale Hutchins in room 212 tonight 🙏", "phi.health"),
    # Spanish
    ("Felicidades a nuestro paciente Don Aurelio por terminar su tratamiento 🎉", "phi.name"),
    ("La hija de Doña Refugio vino ayer para avisar que salió del hospital", "phi.name"),
    ("Nuestra paciente de 94 años vino hoy por su vacuna contra la gripe", "phi.age"),
    ("Sra. Castillo, sus resultados de laboratorio están listos: 555-291-4410", "phi.contact"),
    ("Expediente #8812093 enviado a la clínica equivocada", "phi.record_number"),
    ("El número de seguro social 611-29-0083 quedó en recepción", "phi.ssn"),
    ("En la foto: Maribel con su bebé después de su cesárea 💕", "phi.photo"),
    ("que se mejore pronto Chuy después de su operación de rodilla 🙏", "phi.health"),
]


# General patterns that do not need the name to be on the word list, English and Spanish.
NAME_SLOT_POSTS = [
    # a greeting, thanks, prayer or welcome right before a capitalized name
    ("congrats Vero!!! the ultrasound today made us cry", "phi.name"),
    ("felicidades Naty por tu embarazo, te esperamos para tu control prenatal", "phi.name"),
    ("oremos x Joaquín q está en el hospital con neumonía", "phi.name"),
    ("Happy Mother's Day to Tamika, who had her 3rd baby with us", "phi.name"),
    ("bienvenida al mundo bebé Xochitl, nació aquí en la sala de partos", "phi.name"),
    ("Found a pill bottle labeled for Henrietta Polk in the lobby", "phi.name"),
    # a name with an age after it
    ("Harper (age 6) was so brave getting her cast off", "phi.name"),
    ("Anacleto Ruvalcaba, 77, terminó su quimio esta semana", "phi.name"),
    # an initial and a surname
    ("Insulin pen labeled for R. Castellanos found in restroom B", "phi.name"),
    ("la Sra. M. Quiñones dejó su receta en la farmacia", "phi.name"),
    # a post that opens by addressing someone
    ("Rosy mija ya llegó tu inhalador a la farmacia", "phi.name"),
    ("Gloria thank you for sharing your bariatric surgery journey", "phi.name"),
    ("Marvelle we got your biopsy results, call us back", "phi.name"),
    # first name plus a common surname
    (
        "Patient spotlight: Alonzo Freeman has seen us for his blood pressure for 30 years",
        "phi.name",
    ),
    # Spanish diminutives of a listed name
    ("que se mejore Joaquincito de su neumonía", "phi.name"),
    # religious and baby titles
    ("Please keep Deacon Lyle Hobbs in your prayers, he is in the ICU", "phi.name"),
    ("Photo from baby June's well-child visit: 12 lbs!", "phi.name"),
    # a person singled out without a name
    ("The gentleman who came in Thursday for stitches left his jacket", "phi.name"),
    ("el señor de la gorra roja que vino ayer por su receta dejó su celular", "phi.name"),
    ("the couple in room 3 celebrating 60 years while he gets his infusion", "phi.name"),
    # a date of birth belongs to a person
    ("Lost insulin pen, DOB 2/14/1958 on the label, at the pharmacy window", "phi.date"),
    # health and care events added to the lists
    ("Big Mike from the barbershop finally got that tooth pulled", "phi.health"),
    ("congrats @laurenandtheboys on baby #4, our L&D team loved having you", "phi.health"),
    ("RIP Mrs. Opal Grant, part of our memory care family", "phi.health"),
    ("Jordan Kessler's dad: the strep test came back positive", "phi.health"),
    ("mr. okafor your INR check is done", "phi.health"),
    ("Tito from the taquería came in with chest pain", "phi.health"),
    ("Señora Lupe, hope the new glasses help with your cataracts", "phi.health"),
]


@pytest.mark.parametrize(("text", "label"), NAME_SLOT_POSTS)
def test_it_finds_a_patient_in_a_name_slot_or_singled_out(text, label):
    result = scan(text)
    assert result.phi, text
    assert label in {f.label for f in result.findings}, (text, result.findings)


NAME_SLOT_SAFE_POSTS = [
    # staff and volunteers keep their role whatever the slot
    "Our volunteer chaplain, Rev. Ida Mae Coleman, turns 90 today! Happy birthday!",
    "Tamales y salud: nuestra nutrióloga Lupita comparte una receta baja en sal",
    "Join Pastor Greene and our nurses for a free blood pressure check Sunday",
    "Happy birthday to our receptionist Marisabel! 🎂",
    # places, not people
    "We got the grant to expand dental services in Jackson and Pike counties 🦷",
    "Huge thanks to the Miller Family Foundation for our diabetes program",
    # sentence openers are not vocatives
    "Did you know 1 in 8 women will be diagnosed with breast cancer?",
    "Huge thank you to everyone who came to the flu shot clinic today!",
    # observances: "Awareness Day" is not a first name and a surname
    "Our team wore pink today for Breast Cancer Awareness Day",
    "Prayers for everyone affected by the tornado in Pike County tonight",
    # organisations, brands and cities in a greeting slot
    "Thank you Harvest Hope Farms for produce for our diabetes cooking class!",
    "Thanks Walgreens for hosting our flu shot pop-up!",
    "Gracias Farmacia Guadalupe por donar vitaminas prenatales",
    "Prayers for Houston and everyone recovering from the hurricane",
    # singled out but tied to no visit, day or room
    "The man who founded our clinic, Dr. Elias Ward, would love our new dental wing",
]


@pytest.mark.parametrize("text", NAME_SLOT_SAFE_POSTS)
def test_name_slots_leave_staff_places_and_openers_alone(text):
    result = scan(text)
    assert not result.phi, (text, result.findings)


@pytest.mark.parametrize(("text", "label"), PHI_POSTS)
def test_it_flags_phi_with_a_finding_of_the_right_kind(text, label):
    result = scan(text)
    assert result.phi, text
    assert label in {f.label for f in result.findings}, (text, result.findings)
    assert all(f.severity == Severity.BLOCK for f in result.findings)
    assert all(f.reason for f in result.findings)


SAFE_POSTS = [
    # staff and volunteers in their role
    "Meet Dr. Helena Brooks, our new OB-GYN! She delivers babies and loves gardening.",
    "Please welcome Tyrone Baker, RN, to our Northside team!",
    "Our dietitian Gabriela shares three easy swaps for lower blood sugar 🥗",
    "Happy retirement to Carol Jensen after 27 years as our front desk lead!",
    "Congrats to our nurse Denise on running her first marathon 🏃‍♀️",
    # officials
    "Senator Paula Grimes toured our dental clinic today and met our hygienists 🦷",
    "Mayor Reyes joined us to cut the ribbon on the new pediatric wing ✂️",
    # events, dates, clinic contacts and addresses
    "Free flu shots Saturday Oct 19, 9am-1pm, at 300 Main St. Call (555) 555-0142.",
    "Tomorrow at 10:30 our diabetes educator hosts a free cooking class. All welcome!",
    "We're closed Thursday for Thanksgiving. For urgent needs call 555-555-0199.",
    # aggregates and observances
    "Last year we cared for 9,812 patients and gave 4,300 flu shots. Thank you! 💚",
    "68% of our patients with hypertension now have it under control 📉",
    "November is American Diabetes Month. Ask us about an A1C test.",
    "Today is World Kidney Day: 1 in 7 adults has kidney disease and most don't know it.",
    # anonymous and composite stories
    'Composite story: "Rosa" stands in for the many moms we see with gestational diabetes.',
    "A patient once told us we were the first clinic that listened. That's the goal. ❤️",
    # recruitment, donors
    "We're hiring medical assistants! Apply at riversidehealth.example/careers",
    "Thank you to the Barrett Family Foundation for funding our mobile dental van!",
    # Spanish
    "Les presentamos a la Dra. Inés Cordero, nuestra nueva pediatra. ¡Bienvenida!",
    "Vacunas gratis este sábado 19 de octubre de 9 a 1. Informes al (555) 555-0142.",
    "En 2024 atendimos a más de 8,000 pacientes. ¡Gracias por su confianza!",
    "Historia compuesta: 'Don Luis' representa a muchos de nuestros pacientes con presión alta.",
    "El alcalde Ramírez visitó nuestra clínica móvil esta mañana. ¡Gracias!",
    "Felicidades a nuestra enfermera Graciela Ortiz por sus 20 años de servicio 🎉",
]


@pytest.mark.parametrize("text", SAFE_POSTS)
def test_it_leaves_harmless_posts_alone(text):
    result = scan(text)
    assert not result.phi, (text, result.findings)
    assert result.findings == []


def test_a_finding_points_at_the_text_it_is_about():
    text = "Huge congrats to our patient Odessa Flynn on finishing chemo today!"
    result = scan(text)
    spans = {f.label: text[f.start : f.end] for f in result.findings}
    assert spans["phi.name"] == "Odessa Flynn"
    assert spans["phi.health"] == "chemo"
    assert spans["phi.date"] == "today"
    name = next(f for f in result.findings if f.label == "phi.name")
    assert name.reason == "names a patient and their health information (chemo)"


def test_an_official_in_the_patient_chair_is_a_patient():
    assert scan("Our nurses gave Senator Holt his flu shot this morning 💉").phi


def test_allow_listed_staff_name_is_not_a_patient():
    text = "Get well soon message from Frances Oduya: remember your flu shot this fall!"
    assert scan(text).phi
    allow = AllowList(staff_names=frozenset({"frances oduya"}))
    assert not scan(text, allow).phi


def test_allow_listed_org_phone_and_email_are_not_flagged():
    text = "Our patient Jo asked us to share: call 555-555-0142 or write info@clinic.example"
    allow = AllowList(phones=frozenset({"5555550142"}), emails=frozenset({"info@clinic.example"}))
    found = scan(text, allow)
    assert found.phi  # Jo is still a named patient
    assert "phi.contact" not in {f.label for f in found.findings}
    assert "phi.contact" in labels(text)


def test_allow_listed_domain_is_not_a_personal_link():
    allow = AllowList(domains=frozenset({"riverside.example"}))
    text = "Our patient Lena shared her story: riverside.example/stories/lena"
    assert "phi.url" not in {f.label for f in scan(text, allow).findings}


def test_a_declared_patient_story_needs_consent_instead_of_being_blocked():
    text = "Our patient Desmond shares how our team helped him manage his diabetes 💙"
    plain = scan(text)
    story = scan(text, patient_story=True)
    assert plain.phi and plain.blocked and not plain.needs_consent
    assert story.phi and story.needs_consent and not story.blocked
    assert {f.severity for f in story.findings} == {Severity.WARN}


def test_a_patient_story_still_blocks_numbers_no_consent_covers():
    story = scan("Our patient Desmond (MRN 4410982) shares his story", patient_story=True)
    assert story.needs_consent and story.blocked
    blocking = [f.label for f in story.findings if f.severity == Severity.BLOCK]
    assert blocking == ["phi.record_number"]


def test_a_harmless_patient_story_needs_no_consent():
    story = scan("Meet Dr. Lin, our new pediatrician!", patient_story=True)
    assert not story.phi and not story.needs_consent and not story.blocked


def test_the_scanner_is_deterministic():
    text = "pt R.J. dob 3/4/1950 in bed 7 after his fall"
    assert scan(text) == scan(text)


# A specific person who is not staff, with any health or care signal, is a patient: a nickname,
# a family title, initials, a family name or someone singled out by a room or a condition, with a
# program, an appointment slot, a lab value, clinical shorthand, dental work or a relative.
PERSON_WITH_CARE_POSTS = [
    # family titles and nicknames with a care signal
    ("Grandpa Ray's son called, he left his glasses at pharmacy pickup this morning", "phi.name"),
    ("Mama Bernice is getting her sugar under control and it shows", "phi.health"),
    ("Big welcome back to Smitty, laid up for weeks but back for his meds", "phi.name"),
    ("Welcome back Toots! We missed you at your Tuesday checkup", "phi.name"),
    ("Pops was in today for his INR check", "phi.name"),
    ("Tía Chelo ya terminó su programa de diabetes con nosotros", "phi.name"),
    ("doña Licha ya tiene su dentadura nueva 😁", "phi.health"),
    ("Ms. Rochelle got her partial plate today", "phi.health"),
    ("congrats to Li'l Ray on his last allergy shot", "phi.name"),
    ("Our friend Tank from the Thursday food line got his new glasses today", "phi.name"),
    ("Cuz Manny says thanks for squeezing him in for his stitches", "phi.name"),
    ("Hey Rocco! your lab results are in, call us", "phi.name"),
    ("Hola Chuyita, ya llegaron tus resultados", "phi.name"),
    ("Happy to report Sweet Pea (our fav patient) is home from the NICU", "phi.name"),
    ("the Washington kids all got their sports physicals today!", "phi.health"),
    # programs the center runs
    (
        "Felicidades Karla!! 1 año sin fumar desde que empezaste el programa con nosotros",
        "phi.name",
    ),
    ("So proud of Keisha, who graduated from our teen parent program this spring", "phi.name"),
    # appointment details for a named person
    ("the 9:15 tomorrow for Mr. Adeyemi moved to 11am", "phi.name"),
    ("la cita de las 10 de mañana para la Sra. Villalobos se cambió a las 2", "phi.name"),
    ("Mr. Delacroix, your 3:45 on Friday is now at 4:15", "phi.name"),
    ("reminder for Ms. Kettering: the 8am Thursday slot is confirmed", "phi.name"),
    # clinical shorthand with initials
    ("pt k.l. bp 182/110 f/u next week", "phi.name"),
    ("j.w. hgb 7.2 needs recheck", "phi.name"),
    ("dx for j.r. came back, call her", "phi.name"),
    # a relative or minor named with the center's care
    ("Her daughter Maya (3) came with her to every visit", "phi.name"),
    ("los 4 niños de la familia Soto ya tienen sus vacunas al día", "phi.name"),
    # a street address with a family and care
    ("la familia Ochoa de la calle Roble 212 trajo a sus 3 hijos a sus vacunas hoy", "phi.address"),
    # singled out by a room or a condition
    ("Room 4 patient (Ernesto, the one with the cast) says thanks to the night nurses", "phi.name"),
    ("the one with the shingles asked for more blankets", "phi.name"),
    ("la paciente de la cama 2 quiere agradecer a las enfermeras", "phi.name"),
    # a name after an age over 89
    ("100-year-old Willa Mae Dunbar blew out her candles after her checkup", "phi.age"),
]


@pytest.mark.parametrize(("text", "label"), PERSON_WITH_CARE_POSTS)
def test_a_specific_person_with_any_care_signal_is_a_patient(text, label):
    result = scan(text)
    assert result.phi, text
    assert label in {f.label for f in result.findings}, (text, result.findings)


PERSON_WITH_CARE_SAFE_POSTS = [
    # explicitly fictional stories and explainers with no patients in them
    "historia ficticia: 'Marta' llega con dolor de muelas y sin seguro. así la ayudamos",
    "This is a fictional story: 'Dan' is a made-up patient who needs a refill",
    "Our new explainer video on knee surgery: no actual patients appear",
    "No real patients were filmed; all roles are played by actors. Dr. Lee explains the MRI.",
    # "patient" as an adjective
    "Be patient with us during flu season, wait times are long",
    # students and interns introduced
    "Meet our nursing students from State U: Bri, Tomas and Kelsey! They'll shadow in pediatrics.",
    "Les presentamos a nuestros estudiantes de medicina: Ana, Luis y Mateo. Estarán en pediatría.",
    # donors and partners thanked for their gift
    "Thank you to Tom Hensley and the Valley Pharmacy team for donating 500 blood pressure cuffs",
    "Gracias a Don Ramiro y la Panadería La Luz por donar pan para nuestra clase de diabetes",
    "Thank you @RiversideFoodPantry for partnering on our produce program",
    # staff and partners in their role, programs and appointments in general
    "Shoutout to our volunteer of the month, Ed Rios, who drives neighbors to appointments",
    "Meet the Team Monday: Kim Lau, our billing lead, answers your insurance questions",
    "Chef Marisol Vega teaches our diabetes cooking class Friday",
    "Our teen mom program has graduated 40 moms since 2019!",
    "Octubre es el Mes del Cáncer de Mama. Haga su cita para su mamografía.",
    "Hi Team! Flu shots are in",
    "Our friends at Harvest Food Bank came by with fresh produce for our diabetes program",
    "Join us Saturday at 10:30 for a free diabetes class with our educator",
]


@pytest.mark.parametrize("text", PERSON_WITH_CARE_SAFE_POSTS)
def test_fiction_students_donors_and_programs_in_general_stay_safe(text):
    result = scan(text)
    assert not result.phi, (text, result.findings)


# Round four: a person reference is any capitalized word in a person slot, a care signal is any
# tie to the center's care; each pattern in English and Spanish.
PERSON_SLOT_AND_CARE_POSTS = [
    # "tell X" and "X, your ..." after any sentence break
    "A DM from her sister: 'please tell Kalani we love her' — hang in there through chemo",
    "Díganle a Yolotl que lo extrañamos, que se recupere pronto de su cirugía",
    "Thanks for coming in today. Orlinda, your lab results are in the portal.",
    "Gracias por venir. Zulema, tu receta ya está lista en la farmacia.",
    # "X from/de <group, crew, program>" with the center's group or program as the care signal
    "Shout out to Dex from our Thursday quit group, 30 days without a cigarette!",
    "Felicidades a Chayanne de nuestro grupo de los martes, ya bajó 10 libras",
    "Xiomarita de la cuadrilla de fresas, ya llegaron tus lentes nuevos",
    "Bartholomew from the Delgado crew came in w/ heat exhaustion today",
    "Ravi from our clinic's methadone program just got his GED!",
    # a name and one initial, a lock screen or tag that names its owner
    "Sending love to Treyvon M. who's recovering from knee surgery",
    "Se encontró un celular en el Consultorio 3, la pantalla dice Yareli P. y su receta",
    "Lost phone in Exam 3, lock screen says Tavish. IMEI 356938035643801",
    # trailing vocatives and good-luck cues
    "Your cast comes off tomorrow. Good luck Jaxtyn!",
    "Ya terminaste tus terapias, te queremos Nayelli!",
    # insurance cards with a number
    "Sr. Ramiro, su tarjeta de Medicaid (#TX88120045) se quedó en la recepción",
    "Found an insurance card #CA77120045 in the parking lot",
    # a case described by age and sex with a place or a date
    "Grand rounds: 67-year-old woman from ZIP 41858, stage 3 CKD, seen March 4 for edema",
    "Caso clínico: mujer de 72 años de Pharr, con diabetes, vista el 4 de marzo",
]


@pytest.mark.parametrize("text", PERSON_SLOT_AND_CARE_POSTS)
def test_any_capitalized_word_in_a_person_slot_with_any_care_signal_is_phi(text):
    result = scan(text)
    assert result.phi, text


GENERAL_GUARD_POSTS = [
    # events with a date and an address but no person
    "¡Feria de salud este sábado 15 de marzo! vacunas gratis en 401 E. Expressway 83, Pharr",
    "Heat illness prevention training for crew foremen, Wed 7/10, 6am, 150 Main St, Soledad",
    "Capacitación sobre golpe de calor para mayordomos, miércoles 6am, 150 Main St, Soledad",
    "Pictured: our dental team at the Give Kids a Smile event",
    # fiction markers
    "'Don Lencho' es un personaje de nuestra fotonovela sobre la presión alta; no existe",
    "'Jerome' is a made up example: he has diabetes and this is how our care team helps",
    # volunteers and donors thanked for what they give
    "Agradecemos a la Sra. Martina Pérez, voluntaria desde 2010, por tejer gorritos para bebés",
    "Thanks to Marjorie Kline for knitting 200 hats for our newborn program!",
    # staff introduced by role anywhere in the post
    "Our Diné College intern, Tyrell, finished his project on blood sugar. Ahéhee', Tyrell!",
    "Nuestra promotora, Itzayana, dio la plática de diabetes. ¡Gracias, Itzayana!",
    # a capitalized word before a letter and a full stop that is not a name
    "Vitamin D. Most of us need more of it in winter, ask about your labs",
]


@pytest.mark.parametrize("text", GENERAL_GUARD_POSTS)
def test_events_fiction_volunteers_and_staff_stay_safe_by_general_rules(text):
    result = scan(text)
    assert not result.phi, (text, result.findings)


# Round five: health vocabulary across every service a health center offers. Each term, said of a
# named person, is the health detail that makes the post PHI.
BROAD_HEALTH_TERMS = [
    # HIV, PrEP/PEP, STIs
    "viral load", "undetectable", "indetectable", "PEP", "syphilis follow-up", "gonorrea",
    "chlamydia", "herpes", "VPH",
    # gender-affirming care
    "estrogen", "started T", "testosterone", "top surgery", "hormone readiness letter",
    "terapia hormonal",
    # substance use
    "relapsed", "recaída", "2 years clean", "detox", "residential", "Narcan", "sobredosis",
    # behavioral health
    "psych unit", "5150", "suicidal", "consejería", "counseling",
    # dental
    "filling", "empaste", "crown", "extraction", "caries", "cordales",
    # pediatrics
    "nebulizer", "fiebre", "strep culture", "ear infection", "12-month shots",
    # wound care, chronic disease meds and devices
    "wound vac", "úlcera", "Ozempic", "CGM", "medicamento de la presión",
    # occupational, maternal, eyes, hearing, therapy
    "pesticide poisoning", "heat illness", "postparto", "preeclampsia", "espejuelos",
    "hearing aids", "terapia física",
]  # fmt: skip


@pytest.mark.parametrize("term", BROAD_HEALTH_TERMS)
def test_each_service_line_term_said_of_a_named_person_is_a_health_finding(term):
    text = f"So proud of Kaylani, {term} and all"
    assert not scan("So proud of Kaylani, and all").phi
    result = scan(text)
    start = text.index(term)
    assert result.phi, text
    assert any(
        f.label == "phi.health" and f.start < start + len(term) and start < f.end
        for f in result.findings
    ), (text, result.findings)


ROUND_FIVE_SLOT_POSTS = [
    # @handle spoken to
    "@wellnesswarrior22 your hormone readiness letter is ready at the front desk",
    "@healthyhannah so proud of you, one year on PrEP!",
    # Mamá/Papá de X
    "Mamá de Yandiel: el nene tiene fiebre, favor de recogerlo en la enfermería",
    "la mamá de Keyshla llamó, la nena tiene otitis otra vez",
    # the family on a road, whoever drives a car with a plate
    "To the family on County Rd 12 near Dalton - your son's strep culture came back",
    "Whoever drives the blue Tacoma with plate TX 4KD-9PL — your son's inhaler is here",
    "El dueño de la guagua blanca tablilla JRT-518: su hija dejó el inhalador",
    # the student who ... (Name)
    "the student who fainted in gym Monday (Tavish) is doing fine",
    # one of our clients, an age and an occupation from a place
    "One of our clients, a 52-year-old roofer from Clayton, just finished hep C treatment",
    "Uno de nuestros pacientes, trabajador de 40 años de Pahokee, terminó su tratamiento",
    # found X again, if anyone sees X, si ven a X
    "Our CHW found Zeke again behind the bus depot, his wound vac is working",
    "If anyone sees Marvin near the library, tell him his insulin is here",
    "Si ven a Quelo, el que duerme en la plaza, díganle que su medicamento está listo",
    # a first name and "you were so brave", "we remember you"
    "Treyvion you were so brave for your first filling today!",
    "omg yes Quinlee we remember you from Thursday PrEP clinic!!",
    "Keep Brisa in your thoughts, she relapsed over the weekend",
    # time on a treatment
    "Happy 1 year on estrogen, Corwin!!",
    "Feliz 1 año en terapia hormonal, Dani!",
    # names with an apostrophe
    "Sending love to D'Marcus, who got his diagnosis here last spring",
]


@pytest.mark.parametrize("text", ROUND_FIVE_SLOT_POSTS)
def test_round_five_person_slots_with_any_care_signal_are_phi(text):
    result = scan(text)
    assert result.phi, text


ROUND_FIVE_GUARD_POSTS = [
    # peer-support staff disclosing their own recovery in their role
    "I'm Darnell, a peer support specialist at Riverside. I've been sober for 5 years.",
    "Soy Yaritza, mentora de pares del programa. Llevo 3 años en recuperación, hay grupo.",
    # quoted fictional characters
    'Meet "Tomás, 45, who forgot his insulin." Tomás isn\'t real, but his story is common.',
    "'Doña Chela, 70, con la presión alta' no es real: es un ejemplo para nuestra campaña.",
    # infrastructure for patients in the plural, hurricanes
    "After Hurricane Irma, patients who rely on dialysis and oxygen had nowhere to go.",
    "Tras el huracán María, los pacientes que dependen de insulina tienen neveras solares.",
    # free clinic events in Spanish with dates and places
    "Clínica de vacunas gratis el sábado 10am en la cancha del Bo. Quebrada, Cidra.",
    "Free flu clinic Saturday 9am at the Millersburg Fire Hall, bring your shot record",
]


@pytest.mark.parametrize("text", ROUND_FIVE_GUARD_POSTS)
def test_peer_staff_fiction_infrastructure_and_free_clinics_stay_safe(text):
    result = scan(text)
    assert not result.phi, (text, result.findings)


# Round six: the miss patterns that recur across every blind set, generalized.
ROUND_SIX_PEOPLE_POSTS = [
    # casual lowercase names in a greeting or thanks slot
    "hey anjali, your allergy shot moved to 3pm",
    "felicidades a lupita por su vacuna Tdap",
    # non-English kinship words and honorifics
    "Mahalo to Keoni's 'ohana for bringing him to dialysis every week",
    "Tūtū Malia turned 94 this week, still walking with us every Tuesday",
    "Bà Nguyen came in for her oxygen concentrator check today",
    "Gracias a la familia de Kekoa por traerlo a su diálisis",
    # a patient before their present role
    "Our former patient and now volunteer, Grace Liu, beat breast cancer in 2020",
    "Nuestra voluntaria Rosa Pérez fue paciente de diálisis aquí por 3 años",
    # singled out by a street address, with a care item
    "el señor que vive en la calle Luna 14 dejó su bastón en la sala de espera",
    "the gentleman from 412 Oak St left his walker in the lobby",
]


@pytest.mark.parametrize("text", ROUND_SIX_PEOPLE_POSTS)
def test_round_six_casual_kinship_and_former_patients_are_phi(text):
    result = scan(text)
    assert result.phi, text


ROUND_SIX_IDENTIFIER_POSTS = [
    ("Alien # A-555-123-456 please update before Friday", "phi.record_number"),
    ("Número A A-555-123-456, corregir antes del examen", "phi.record_number"),
    ("CPAP SN AB-77120 left at the front desk", "phi.device"),
    ("Concentrador de oxígeno SN 77Q-12034 necesita generador", "phi.device"),
    ("pls fix the DOB on the Okonkwo chart before her I-693 exam", "phi.name"),
    ("corrijan el expediente de Ocampo antes del examen I-693", "phi.name"),
]


@pytest.mark.parametrize(("text", "label"), ROUND_SIX_IDENTIFIER_POSTS)
def test_round_six_standalone_identifiers_and_chart_surnames_are_found(text, label):
    result = scan(text)
    assert result.phi, text
    assert label in {f.label for f in result.findings}, (text, result.findings)


ROUND_SIX_GUARD_POSTS = [
    # officials by title
    "Thank you to Chapter President Lena Yazzie for visiting our dialysis unit.",
    "Thank you to Council Delegate Amos Tsosie for touring our new dental wing this week.",
    "Gracias al Senador Rivera y a la Alcaldesa Ortiz por visitar la clínica de diálisis.",
    # organizations thanked for supplies
    "Thank you Direct Relief and the Kahala Foundation for 200 nebulizers shipped to our sites",
    "Gracias a Proyecto Salud por los suministros de insulina enviados esta semana",
    # services offered to everyone, with dates and prices
    "Sports physicals Aug 1-5 for $25 at our Big Pine clinic. Walk-ins welcome!",
    "Exámenes físicos deportivos del 1 al 5 de agosto por $25 en la clínica. ¡Sin cita!",
    # staff credentials after a name
    "Our lactation consultant Dana Reyes, IBCLC, offers Thursday drop-in hours 1-4pm",
    "Maria Lopez, CHW, helps families sign up for insulin assistance on Mondays",
    "Nuestra consejera Ana Ruiz, LCSW, atiende los martes. ¡Haga su cita!",
]


@pytest.mark.parametrize("text", ROUND_SIX_GUARD_POSTS)
def test_round_six_officials_donors_open_services_and_credentials_stay_safe(text):
    result = scan(text)
    assert not result.phi, (text, result.findings)


ROUND_SEVEN_STRONG_IDENTIFIER_POSTS = [
    # SSNs with dashes, spaces, dots or none after a label, and a masked last four
    ("Found a W-2 in the copier with SSN 528 41 9906 on it", "phi.ssn"),
    ("ss# 528419906 left on the fax", "phi.ssn"),
    ("SSN xxx-xx-9906 on the sign-in sheet", "phi.ssn"),
    ("Encontramos una hoja con seguro social 528.41.9906 en la sala", "phi.ssn"),
    ("número de seguro social 528 41 9906 en la copiadora", "phi.ssn"),
    # record, Medicaid, Medicare, member and account numbers with any separator
    ("Medicaid # 4471 2290 18 needs updating before Friday", "phi.record_number"),
    ("MRN 004.221.87 was entered twice", "phi.record_number"),
    ("member ID XJK 448 291 07 came back denied", "phi.record_number"),
    ("Medicare 1EG4 TE5 MK73 on the front desk printer", "phi.record_number"),
    ("número de cuenta 5521-903-11 quedó en el mostrador", "phi.record_number"),
    ("id de miembro 88 219 004 en la copiadora", "phi.record_number"),
    # plates and device serials
    ("placas 8BXW231 dejó las luces prendidas", "phi.device"),
    ("blue truck, plate ABC-1234, lights on in the lot", "phi.device"),
    ("la tablilla HTG-428 está mal estacionada", "phi.device"),
    ("S/N: 4G7-22193 insulin pump found in lobby", "phi.device"),
    ("número de serie 88123-A del concentrador, ¿de quién es?", "phi.device"),
    # a date of birth with its year in any format
    ("DOB 03-14-1962 on the sign-in sheet", "phi.date"),
    ("dob: 1962-03-14 please fix", "phi.date"),
    ("DOB 3.14.62 was typed wrong", "phi.date"),
    ("date of birth 14 March 1962 on the form", "phi.date"),
    ("fecha de nac. 14/03/1962 en la hoja", "phi.date"),
    ("nacida el 14 de marzo de 1962, favor de corregir", "phi.date"),
]


@pytest.mark.parametrize(("text", "label"), ROUND_SEVEN_STRONG_IDENTIFIER_POSTS)
def test_strong_identifiers_stand_alone_in_every_common_format(text, label):
    result = scan(text)
    assert result.phi, text
    assert label in {f.label for f in result.findings}, (text, result.findings)


ROUND_SEVEN_IDENTIFIER_GUARD_POSTS = [
    "Bring your photo ID and date of birth to the front desk",
    "Traiga su identificación y fecha de nacimiento a su cita",
    "Open Mon 9am, social hour with 5 people at the senior center",
    "Hora social el lunes a las 9am en el centro comunitario",
]


@pytest.mark.parametrize("text", ROUND_SEVEN_IDENTIFIER_GUARD_POSTS)
def test_identifier_labels_without_a_number_stay_safe(text):
    result = scan(text)
    assert not result.phi, (text, result.findings)


ROUND_SEVEN_PEOPLE_POSTS = [
    # someone who asked for their news to be shared
    "Trent asked us to share: 90 days opioid-free today. Peer recovery crew is proud of ya",
    "Marisol nos pidió compartir: 6 meses sin alcohol. ¡Orgullosos de ti!",
    # an unnamed patient singled out by condition and town
    "Respect to the dialysis patient from Tok who drives three hours each way",
    "Un saludo al paciente de diálisis de Tierra Amarilla que maneja dos horas",
    # a person placed by their street, with care
    "Deanna on Pike St, your blood thinner refill is in, I'll drop it by tonight",
    "Don Chuy de la calle Hidalgo, ya llegó su insulina a la farmacia",
    # a reminder to a named person in casual Spanish or English
    "recordatorio pa Juanita Lozano: su ultrasonido es mañana 9am",
    "reminder for Kendra Tolliver: your ultrasound is tomorrow at 9",
    # endearments before a name
    "lil man Jayce was SO brave for his shots today 💪",
    "mija Valeria estuvo bien valiente con sus vacunas hoy",
    # a nickname with a care place
    "el güero de la troca blanca dejó la puerta abierta en el estacionamiento de salud mental",
    "la flaca del carro rojo olvidó su bolsa en la farmacia",
]


@pytest.mark.parametrize("text", ROUND_SEVEN_PEOPLE_POSTS)
def test_round_seven_shared_news_streets_reminders_and_nicknames_are_phi(text):
    result = scan(text)
    assert result.phi, (text, result.findings)


ROUND_SEVEN_SERVICE_REPLIES = [
    "@mama_de_3 hi! yes, walk-ins are welcome for sports physicals until 4pm",
    "@jlopez22 yes! we offer flu shots until 5pm today, no appointment needed",
    "@jlopez22 sí, tenemos vacunas contra la gripe sin cita hasta las 5pm",
    "@mamade3 ¡hola! estamos abiertos hasta las 6pm para exámenes físicos deportivos",
]


@pytest.mark.parametrize("text", ROUND_SEVEN_SERVICE_REPLIES)
def test_a_reply_that_only_gives_open_services_stays_safe(text):
    result = scan(text)
    assert not result.phi, (text, result.findings)


@pytest.mark.parametrize(
    "text",
    [
        "@jlopez22 yes we have your refill ready, pick up until 5pm",
        "@rosy_m sorry to hear about your mom's diabetes, we offer classes",
        "@jlopez22 sí, tenemos tu receta lista hasta las 5pm",
    ],
)
def test_a_service_reply_about_the_persons_own_care_is_phi(text):
    assert scan(text).phi, text
