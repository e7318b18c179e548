"""The PHI scanner: does this post let a reader tie a specific patient (or a patient's relative)
to this health center or to health information?

Finding identifiers is not finding PHI. The scanner first collects candidates of every HIPAA
identifier kind as they appear in social posts (names, handles, initials, dates, ages, contacts,
addresses, record and device numbers, URLs, photos) and health information, then decides like a
compliance officer would:

- some identifiers stand alone: a Social Security number, a record/account/insurance number, a
  licence, plate or device serial, an age over 89 tied to a person;
- a person who is not staff, an official or the organization itself, named together with health
  information or a patient relationship, is PHI;
- an unnamed but singled-out patient ("a 97-year-old patient", "our patient from Elk Ridge") with
  any identifier and health information or a care event is PHI;
- staff introductions, officials in their role, events, the organization's own contact details,
  aggregate figures, observances and explicitly composite stories are not.

Deterministic rules over curated lexicons (lexicon.py); no model, no network.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from policies.findings import Finding, Severity

from . import lexicon as lx
from .allowlist import EMPTY, AllowList

I = re.IGNORECASE  # noqa: E741


def _alternation(block: str) -> str:
    return "".join(line.strip() for line in block.strip().splitlines())


def _words_re(space_separated: str) -> str:
    return "|".join(sorted(space_separated.split(), key=len, reverse=True))


# --- identifier patterns -------------------------------------------------------------------

# An SSN stands alone in its dashed or dotted 3-2-4 shape; after a label ("SSN 528 41 9906", "ss#
# 528419906", "seguro social: 528.41.9906", "last four 9906") any separator, or none, will do.
_SSN_LABEL = (
    r"ssn|ss\s?#|ss no\.?|soc\.? sec\.?(?: #| no\.?| number)?|social security(?: number"
    r"| no\.?| #| card)?|s\.s\.n?\.?|(?:n[úu]mero de )?seguro social(?: #| no\.?)?|nss|ssn#"
)
SSN_RE = re.compile(
    r"(?<![\d-])\d{3}([-.])\d{2}\1\d{4}(?![\d-])"
    rf"|(?i:(?<![\w]){_SSN_LABEL})(?![\w])[\s:#.]*"
    r"(?:(?i:ending in|ends in|last (?:4|four)(?: digits)?|terminado en|termina en"
    r"|[úu]ltimos (?:4|cuatro)(?: d[íi]gitos)?)[\s:#]*)?"
    r"(?:\d{3}[-.\s]?\d{2}[-.\s]?\d{4}|\d{4,9}|[xX*]{3}[-.\s]?[xX*]{2}[-.\s]?\d{4})(?![\d-])"
)
_RECORD_KEYS = (
    r"mrn|medical record(?: number| no\.?| #)?|record(?: number| no\.?| #)|chart(?: number| no\.?)?"
    r"|patient account|acct|account|member(?: id| #| number)|subscriber id|policy(?: number| #)"
    r"|plan id|group(?: number| #)|insurance id|claim #|(?:pt|patient) #|pt acct"
    r"|medicaid(?: card| id| number| no\.?)?(?: #)?|medicare(?: card| id| number| no\.?)?(?: #)?"
    r"|n[úu]mero de (?:medicaid|medicare|expediente|seguro|p[óo]liza)|expediente|p[óo]liza"
    r"|(?:insurance|medi-cal|chip|ihs|benefits) card(?: #| number| no\.?)?"
    r"|badge(?: #| number| no\.?)?|employee id|worker id|gafete"
    r"|tarjeta (?:de|del) (?:seguro|medi-cal|beneficios)"
    r"|alien(?: registration)?(?: number| no\.?| #)?|a-number|a#|uscis(?: number| no\.?| #)?"
    r"|n[úu]mero (?:de extranjero|de registro de extranjero|a)"
    r"|mr\s?#|med rec(?: #| no\.?)?|acct(?: #| no\.?| number)|account(?: #| no\.?| number)"
    r"|member|mbr(?: id| #)?|id de (?:miembro|medicaid|medicare|paciente)"
    r"|n[úu]mero de (?:cuenta|miembro|afiliado|paciente|historia cl[íi]nica)|cuenta"
    r"|historia cl[íi]nica|hicn|mbi|cin|medi-cal(?: id| #| no\.?| number)?"
)
# An identifier written with any separator between its groups: "4471-2290-18", "4471 2290 18",
# "4471.2290.18", "MX/448/291": a group after a space must hold a digit, so words stay out.
_ID = r"[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?(?:(?:[-./]|\s(?=[A-Z]*\d))[A-Z0-9]+)*"
RECORD_RE = re.compile(
    rf"(?i:\b(?:{_RECORD_KEYS}))[\s:(.]*(?:(?i:no|num|n[úu]m)\.?\s*)?(?P<id>#?\s?{_ID})",
)
# Medicare Beneficiary Identifier shape (1EG4-TE5-MK73), written with or without dashes.
MBI_RE = re.compile(r"\b\d[A-Z][A-Z0-9]\d[-\s]?[A-Z][A-Z0-9]\d[-\s]?[A-Z]{2}\d{2}\b")
# An alien registration number (A-number) written in its own dashed shape: A-218-334-905.
A_NUMBER_RE = re.compile(r"(?<![\w-])A-?\d{3}-\d{3}-\d{3}(?![\w-])")
DEVICE_RE = re.compile(
    r"(?i:\b(?P<key>serial(?: number| no\.?| #)?|ser\.? no\.?|s/n|sn|n/s|license plates?"
    r"|plates?(?: number| no\.?| #)?|tags?|lic(?:ense|ence)? plates?"
    r"|(?:driver'?s?\s+)?licen[cs]e(?: number| no\.?| #)?|lic\.? #?|device id|id card|id"
    r"|(?:n[úu]mero de |no\.? de )?placas?|licencia(?: de conducir)?"
    r"|(?:n[úu]m(?:ero|\.)? |no\.? )?de serie|imei|meid|iccid|mac(?: address)?"
    r"|asset tag|serie|(?:n[úu]mero de )?tablillas?|matrículas?|matriculas?)\b)[\s:#.]*"
    rf"(?:(?:[A-Z]{{2,3}}|[A-Z][a-z]+)\s+)?(?P<id>{_ID})"
)
PLATE_KEY_RE = re.compile(r"plate|tag|placa|tablilla|matr[íi]cula", I)
PHONE_RE = re.compile(
    r"(?<![\d-])(?:\+?1[-.\s]?)?(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}(?![\d-])"
)
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
URL_RE = re.compile(
    r"\b(?:https?://)?(?:www\.)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|"
    r"example|io|me|ly|us|co|app|link))(?P<path>/[^\s)\]]*)?",
    I,
)
IP_RE = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
STREET_RE = re.compile(
    r"\b\d{1,5}\s+(?:[A-Z0-9][\w']*\.?\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Ln|Lane|Dr|Drive|"
    r"Blvd|Boulevard|Way|Ct|Court|Pl|Place|Hwy|Highway|Pkwy|Parkway|Cir|Circle|Ter|Terrace|"
    r"Trail|Trl|Loop|Row|Expressway|Expy|Freeway|Fwy|Pike|Broadway)\b\.?(?:\s+\d{1,4}\b)?"
    r"|\b(?i:calle|avenida|av\.|camino|callejón)\s+(?:[A-ZÁÉÍÓÚÑ][\w]*\s+){1,3}(?:#\s?)?\d{1,5}\b"
    r"|\b(?:Route|Rt\.?|Rte\.?|Hwy|Highway|County Road|County Rd\.?|CR|Carr\.?|Carretera|PR-?)"
    r"\s*\d{1,4}\b"
)
ZIP_RE = re.compile(
    r"(?<![\d$,.#-])(?:(?i:zip(?: code)?|c\.?p\.?)\s*)?\d{5}(?:-\d{4})?(?![\d-]|[,.]\d)"
)
NOT_TOWNS = lx.words("""
the our a an this that congress english spanish march may june july august april
january february september october november december monday tuesday wednesday thursday
friday saturday sunday it its us q1 q2 q3 q4 main eastside westside northside southside
riverside downtown la el los las su sus nuestra nuestro tu mi mis recovery medicaid medicare
""")

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MESES = (
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre"
)
_DAYS = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado"
    r"|domingo"
)
# Labels of a date of birth, in English and Spanish.
_DOB = (
    r"dob|d\.o\.b\.?|date of birth|birth ?date|fecha de nacimiento|fecha de nac\.?"
    r"|f\.? de nac\.?|fdn|f\.n\.|nacid[oa] el|born on"
)
DATE_RE = re.compile(
    rf"(?i:(?<![\w.])(?:{_DOB})(?![\w])[\s:#-]*)(?:\d{{8}}|\d{{6}})\b|"
    rf"(?i:(?<![\w.])(?:{_DOB})(?![\w])[\s:#-]*)?"
    r"(?:\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"
    r"|\b\d{1,2}([-.])\d{1,2}\1(?:\d{4}|\d{2})(?![\d.-]|[.-]\d)"
    r"|\b(?:19|20)\d{2}([-/.])\d{1,2}\2\d{1,2}\b"
    rf"|\b\d{{1,2}}\s+(?i:{_MONTHS})\.?,?\s+\d{{4}}\b"
    rf"|\b(?i:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}\s+(?i:de)\s+(?i:{_MESES})(?:\s+(?i:de)\s+\d{{4}})?\b"
    rf"|\b(?i:{_DAYS})\b\.?(?:\s+(?:at\s+)?\d{{1,2}}(?::\d{{2}})?\s?(?i:am|pm))?"
    r"|\b(?i:today|tonight|this (?:morning|afternoon|evening|week)|yesterday|tomorrow|tmrw|tmr"
    r"|2morrow|last (?:night|week|month|spring|summer|fall|winter|friday|year)|next (?:week|month)"
    r"|hoy|ayer|anoche|esta (?:mañana|tarde|semana)|mañana|la semana pasada)\b"
    r"(?:\s+(?:at|a las)\s+\d{1,2}(?::\d{2})?(?:\s?(?i:am|pm))?"
    r"|\s+\d{1,2}(?::\d{2})(?:\s?(?i:am|pm))?)?"
    r"|\b\d{1,2}:\d{2}\s?(?i:am|pm)?\b|\b\d{1,2}\s?(?i:am|pm)\b)"
)
FULL_DATE_RE = re.compile(r"\d{4}|\d{1,2}[-./]\d{1,2}[-./]\d{2}|\d{6}")
DOB_RE = re.compile(rf"(?i:{_DOB})(?![\w])")
AGE_RES = [
    re.compile(
        r"\b(?P<n>\d{1,3})\s*-?\s*(?:years?|yrs?|y/?o)\s*-?\s*(?:old|young)\b"
        r"|\b(?P<n2>\d{1,3})-(?:year|yr)-old\b",
        I,
    ),
    re.compile(r"\b(?:age|aged|edad|edad de)\s*:?\s*(?P<n>\d{1,3})\b", I),
    re.compile(
        r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+(?:birthday|bday|b-day)\b"
        r"|\bhappy\s+(?P<n2>\d{1,3})(?:st|nd|rd|th)\b",
        I,
    ),
    re.compile(
        r"\b(?:turns?|turned|turning|is|cumple|cumplió|cumplir|tiene|de|sus)\s+(?P<n>\d{2,3})"
        r"(?:\s+(?:años|years|yrs)(?!\s+(?:de servicio|con nosotros|as|of|with|trabajando)))?"
        r"(?=\s|[!.,]|$)",
        I,
    ),
    re.compile(r"\b(?P<n>\d{2,3})\s+años\b(?!\s+(?:de servicio|con nosotros|trabajando))", I),
]
# "Mr. Alvarez, 91, says" and "Ella (7)": a bare number right after a name.
AGE_AFTER_NAME_RE = re.compile(r"^\s*(?:,\s*(?P<n>\d{1,3})\s*,|\(\s*(?P<n2>\d{1,3})\s*\))")

PHOTO_RE = re.compile(
    r"(?<![\w-])(?:pictured|pictures?|pics?|photos?|video(?:s)?|selfie|footage|filmed|film"
    r"|ig story|before/after|carousel|up on our page|en la foto|fotos?|videos?|📸|🎥)(?![\w-])",
    I,
)
PHOTO_NOT_RE = re.compile(r"\bphoto\s+id\b|\bid\s+photo\b", I)

# --- people ----------------------------------------------------------------------------------

_REST = r"[^\W\d_'\u2019-]*(?:['\u2019-][^\W\d_]+)*"
_W = r"[^\W\d_]" + _REST  # one word of letters, O'Brien and Mary-Kate too
_CAP = r"[A-ZÁÉÍÓÚÑ]" + _REST
WORD_RE = re.compile(_W)
TITLE_RE = re.compile(
    rf"(?<![\w.])(?P<title>(?i:{_words_re(lx.PERSON_TITLES)}))\.?\s+(?P<name>{_W}|[A-Z]\b\.?)"
)
STRICT_TITLES = lx.words("mr mrs ms mx mister sr sra srta señor señora doña dona sgt ssgt sergeant")
OFFICIAL_RE = re.compile(
    rf"(?<![\w.])(?i:(?:state|county|city|fire|police|u\.s\.)\s+)?"
    rf"(?i:{_words_re(lx.OFFICIAL_TITLES)})\.?\s+(?P<name>{_CAP}"
    rf"(?:\s+{_CAP}){{0,2}})"
)
STAFF_TITLE_RE = re.compile(
    rf"(?<![\w.])(?i:{_words_re(lx.STAFF_TITLES)})\.?\s+(?:(?i:practitioner)\s+)?(?P<name>{_W})"
    rf"(?:\s+(?P<sur>{_CAP}))?"
)
TOWN_RE = re.compile(
    rf"\b(?i:from|in|of|de|en|near)\s+(?P<town>{_CAP}(?:\s+{_CAP})?)"
    r"(?!\s+(?:clinic|site|center|office|campus|County|St|Street|Ave|Rd)\b)"
)
PHOTO_NAME_RE = re.compile(
    r"(?i:\b(?:videos?|photos?|pics?|pictures?) of|\bpictured:?|\ben la foto:?"
    r"|\bfotos? de|\bvideo de)"
    rf"\s+(?P<name>{_CAP})"
)
HANDLE_RE = re.compile(r"(?<![\w@.])@(?P<h>[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)")
ORG_HANDLE_RE = re.compile(
    r"chc|health|clinic|center|centro|salud|care|hospital|fqhc|official|bank|food|pantry|church"
    r"|school|foundation|fund|coalition|alliance|ymca|library|pharmacy|farmacia|united|network"
    r"|council|club|association|society|county|city|dept|rotary|lions",
    I,
)
# "@handle your refill", "@handle so proud of you": whoever is spoken to is a person.
HANDLE_YOU_RE = re.compile(
    r"[\s,:!-]*(?i:(?:so )?proud of (?:you|u)|your|you|ur|u|tu|te"
    r"|we(?:'re| are) (?:so )?proud)\b",
)
CLINICAL_INITIALS_RE = re.compile(
    r"\b(?i:pt|patient|paciente|dx|rx|f/u)\.?:?\s+(?:(?i:for|de|w/|with|on|para)\s+)?"
    r"(?P<ini>(?:[a-zA-Z]\.\s?){2,3})(?![\w])"
    r"|(?<![\w.])(?P<ini2>(?!(?i:e\.g\.|i\.e\.|a\.m\.|p\.m\.))(?:[a-zA-Z]\.){2,3})\s+"
    r"(?=(?i:hgb|hb|a1c|bp|dx|rx|f/u|inr|ldl|pt|dob|labs?)\b)"
)
INITIALS_RE = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){2,3}(?![\w])")
NOT_INITIALS = {"U.S.", "A.M.", "P.M.", "D.C.", "N.Y.", "L.A.", "U.K.", "R.N.", "M.D.", "P.S."}
STRONG_CUE_RE = re.compile(
    r"\b(?:our (?:[\w-]+ )?(?:patient|pt)|my patient|pt|patient|paciente|get well soon"
    r"|praying for|prayers for|thinking of|rest in peace|rest easy|oremos por|oramos por"
    r"|que se mejore(?: pronto)?|sending (?:love|hugs) to|we miss you|bed \d+|room \d+)"
    r"[,:!]?\s+(?P<name>[A-ZÁÉÍÓÚÑ][^\W\d_]+)"
)
RELATIVE_RE = re.compile(
    r"\b(?P<name>[A-ZÁÉÍÓÚÑ][^\W\d_]+)['\u2019]s\s+(?i:mom|mother|dad|father|daughter|son|wife|husband"
    r"|grandma|grandpa|grandmother|grandfather|abuela|family|sister|brother|kids?|baby"
    r"|grandbaby|parents|mama|papa|'?ohana|\u2018ohana|whānau|kupuna|tūtū|tutu|keiki|familia)\b"
    r"|\b(?i:(?:la |el |los |las )?(?:mamá|mama|mami|madre|papá|papa|papi|padre|hijo|hija|esposa"
    r"|esposo|familia|papás|abuela|abuelo|abuelita|abuelito|tía|tío|titi|hermana|hermano|nena"
    r"|nene|novia|novio|pareja|mom|dad|mother|father|grandma|grandpa|parents|family) (?:de|of))"
    r" (?P<name2>[A-ZÁÉÍÓÚÑ][^\W\d_]+)"
    r"|\b(?i:the) (?P<name3>[A-Z][^\W\d_]+) (?i:family|twins|kids|household)\b"
    r"(?!\s+(?i:foundation|fund|trust|practice|medicine|health|dental|clinic|center))"
    r"|\b(?i:la familia|familia|los hermanos|las hermanas) (?P<name4>[A-ZÁÉÍÓÚÑ][^\W\d_]+)"
    r"(?!\s+(?i:foundation|fund|trust|unida|saludable))"
)
# Name slots that hold a name whether or not it is on the word list: a greeting, thanks or prayer
# right before a capitalized word ("congrats Vero", "oremos x Joaquincito", "to Tamika, who"), a
# name followed by an age ("Harper (age 6)", "Alonzo Freeman, 96,"), an initial and a surname
# ("R. Castellanos") and a post that opens by addressing someone ("Rosy mija", "Gloria thank you").
_NAME = r"[A-ZÁÉÍÓÚÑ](?:['\u2019][A-Z])?[^\W\d_A-Z]+(?:-[A-Z][^\W\d_]+)?"
CUE_NAME_RE = re.compile(
    r"(?:\b(?i:congrats|congratulations|felicidades|felicitaciones|happy birthday|happy bday"
    r"|feliz cumple(?:años)?|thank you|thanks|ty|gracias|mahalo|ahéhee'?|ahehee'?|cảm ơn"
    r"|rip|r\.i\.p\.?|qepd|q\.e\.p\.d\.?"
    r"|pray(?:ing)? for|prayers for|oremos (?:x|por)|oren (?:x|por)|recen (?:x|por)"
    r"|bienvenid[oa](?: al mundo)?|welcome to the world|get well soon|que se mejore|mejórate"
    r"|cuídate|hang in there|so proud of|proud of|shoutout to|shout out to|big hugs to"
    r"|sending (?:love|hugs|prayers|strength) to|so happy for|un abrazo (?:a|para)"
    r"|abrazos (?:a|para)|hugs to|love you|the name|named|labeled(?: for)?|labelled(?: for)?"
    r"|belongs to|a nombre de|con el nombre(?: de)?|se llama|hey|hi|hola|oye|oiga"
    r"|reminders? (?:to|for)|recordatorio (?:a|para|pa|pa'|pal)|aviso (?:a|para|pa)|heads up"
    r"|lil man|lil mama|lil miss|lil bro|lil sis|little man|little mama|little miss|lil homie"
    r"|big man|big guy|mi(?:jit[oa]|j[oa])|chiquit[oa]|mi niñ[oa]|mi gordit[oa]"
    r"|good luck|buena suerte|way to go|you got this|échale ganas|echale ganas|keep it up"
    r"|(?:please )?tell|let|dile a|díganle a|digan a|avísenle a|dígale a|saludos a|saluden a"
    r"|(?:screen|tag|label|lid|sticker|bracelet|wristband|card|etiqueta|tarjeta)"
    r" (?:says|reads|said|dice)"
    r"|(?:our|my|nuestr[oa]|mi) (?:friend|guy|gal|girl|boy|buddy|pal|regular|amig[oa]))"
    r"|\b(?i:to|a|para)(?=\s+[A-ZÁÉÍÓÚÑ](?:['\u2019][A-Z])?[^\W\d_]+\s*,\s*(?i:who|que|quien)\b))"
    r"(?:\s+(?i:to|a|para))?"
    r"[,!]?\s+(?:(?i:baby|bebé|bebe|little|lil|li'l|lil'|miss|mr|mrs|ms)\.?\s+)?"
    rf"(?P<name>{_NAME})"
)
# More name slots: a name in brackets after "patient" ("Room 6 patient (Gloria, ..."), a
# relative named after a possessive ("her son Arjun"), a name after an age ("100-year-old Willa
# Mae Dunbar"), a name before a care verb ("Smitty came back") and a welcome back.
EXTRA_NAME_RES = [
    re.compile(
        r"\b(?i:patient|pt|paciente|mom|mother|dad|father|son|daughter|hijo|hija|mamá|papá)"
        rf"\s*\(\s*(?P<name>{_NAME})"
    ),
    re.compile(
        r"\b(?i:her|his|their|my|su|sus|mi)\s+(?i:son|daughter|kid|child|baby|grandson"
        r"|granddaughter|little one|twins|hijo|hija|hijita|hijito|nieto|nieta|bebé|bebe|niño|niña"
        rf"|mom|dad|mother|father|husband|wife|esposo|esposa|mamá|papá)\s+(?P<name>{_NAME})"
    ),
    # "keep Deena in your thoughts", "if anyone sees Ronnie", "si ven a Papo", "found Ray again"
    re.compile(
        rf"\b(?i:keep|tengan a|tengamos a)\s+(?P<name>{_NAME})\s+(?i:in|en)\s+(?i:your|our|their"
        r"|sus|tus|nuestras)\s+(?i:thoughts|prayers|hearts|oraciones|pensamientos)"
    ),
    re.compile(
        r"\b(?i:if (?:any(?:one|body)|you|y'all) (?:sees?|see|spots?|knows?|runs? into)"
        r"|(?:have|has) (?:any(?:one|body) |you )?seen|si (?:ven|ves|alguien ve|alguien ha visto"
        r"|alguien conoce|conocen|saben de) a|han visto a|(?:we|our [\w-]+(?: team)?) found"
        r"|encontramos a|looking for|buscando a|se busca a)\s+"
        rf"(?P<name>{_NAME})"
    ),
    re.compile(
        r"\b\d{2,3}[- ](?i:year|yr)s?[- ](?i:old)\s+(?:(?i:patient|paciente|grandma|grandpa"
        rf"|great-grandma|great-grandpa|vet|veteran)\s+)?(?P<name>{_NAME})"
    ),
]
# A person who asked for their news to be shared ("Trent asked us to share: 90 days opioid-free",
# "Lupe nos pidió compartir ..."), and a person placed by their street ("Deanna on Pike St",
# "Don Chuy de la calle Hidalgo"): their own news, tied to them.
SHARE_NAME_RE = re.compile(
    rf"(?P<name>{_NAME})(?:\s+{_NAME})?\s+(?i:(?:asked|wanted|wants|told|begged) us to"
    r" (?:share|post|tell|announce|say|shout)|gave us (?:the )?(?:ok|okay|permission) to"
    r"|nos (?:pidió|pidio|dijo|dio permiso) (?:que )?(?:de )?(?:compartir|compart[ií]éramos"
    r"|publicar|public[aá]ramos|contar|cont[aá]ramos|dijéramos|anunciar)"
    r"|quiso (?:que )?(?:compartir|compart[ií]éramos|publicar|contar))"
)
_STREET_WORDS = (
    r"St|Street|Ave|Avenue|Rd|Road|Ln|Lane|Dr|Drive|Blvd|Boulevard|Way|Ct|Court|Pl|Place|Hwy"
    r"|Highway|Pkwy|Cir|Circle|Ter|Terrace|Trail|Trl|Loop|Pike"
)
STREET_NAME_RE = re.compile(
    rf"(?P<name>{_NAME})\s+(?i:on|off|from|over on|down on|up on|de la calle|en la calle"
    r"|por la calle|de la avenida|en la avenida|de la|del)\s+"
    rf"(?P<street>(?:[A-Z][\w']*\.?\s+){{1,2}}(?:{_STREET_WORDS})\b\.?"
    r"|(?<=calle )(?:[A-ZÁÉÍÓÚÑ][\w]*)(?:\s+[A-ZÁÉÍÓÚÑ][\w]*)?"
    r"|(?<=avenida )(?:[A-ZÁÉÍÓÚÑ][\w]*)(?:\s+[A-ZÁÉÍÓÚÑ][\w]*)?)"
)
# A person singled out by a nickname ("el güero de la troca blanca", "la flaca que vino"): one
# person, a patient when the post carries a care word or a care place.
NICK_SINGLED_RE = re.compile(
    r"\b(?i:el|la|al|a la)\s+(?P<who>(?i:g[üu]er[oa]|g[üu]erit[oa]|flac[oa]|flaquit[oa]|gord[oa]"
    r"|gordit[oa]|chin[oa]|chinit[oa]|moren[oa]|morenit[oa]|priet[oa]|chaparr[oa]|chaparrit[oa]"
    r"|negrit[oa]|pel[óo]n|pelona|canos[oa]|viejit[oa]|compa|don|doña|señor|señora|muchach[oa]"
    r"|chavo|chava|morr[oa]|vato|bato|huera|huero))\s+(?=(?i:de|del|que|con)\b)"
)
CARE_PLACE_RE = re.compile(
    r"\b(?:salud mental|salud conductual|mental health|behavioral health|dental|dentista"
    r"|farmacia|pharmacy|prenatal|pediatr[íi]a|pediatrics|urgencias|urgent care|er|emergencias"
    r"|rehab|rehabilitaci[óo]n|di[áa]lisis|dialysis|detox|recovery|recuperaci[óo]n|wic"
    r"|laboratorio|lab|rayos x|x-ray|vacunas|vaccines?|methadone|metadona)\b",
    I,
)
# A person named by where they belong ("Marcus from our Tuesday quit group", "Rigo de la
# cuadrilla de uvas", "Efraín from the Ramos Bros crew"), by a single initial ("Destiny W.") or
# addressed at the end of a sentence ("Drive safe Tony", "You did that, Bobby!").
GROUP_NAME_RE = re.compile(
    rf"(?P<name>{_NAME})\s+(?i:from|of|de|del)\s+(?:(?i:the|our|la|el|nuestr[oa]|los|las|mi|my)\s+)?"
    r"(?:[\w'\u2019&-]+\s+){0,4}?(?i:crew|cuadrilla|group|grupo|program|programa|class|clase"
    r"|circle|círculo|window|chair)\b"
)
# "the student who fainted in gym Monday (Aiden)": a name in brackets after a who-clause.
WHO_BRACKET_NAME_RE = re.compile(
    rf"\b(?i:who|that|que|quien)\b[^.!?()\n]{{0,80}}\(\s*(?P<name>{_NAME})\s*\)"
)
# "on the Darwish chart", "en el expediente de Ocampo": a surname that names a patient's file.
CHART_NAME_RE = re.compile(
    rf"\b(?i:on|in|to|from|for|into|off) (?i:the|her|his|their) (?P<name>{_NAME})(?:['\u2019]s)?"
    r" (?i:chart|file|account|record|paperwork|forms?|referral|prior auth)\b"
    r"|\b(?i:expediente|carpeta|archivo|récord|record|cuenta) (?i:de|del|de la)"
    rf" (?:(?i:señor|señora|sr\.?|sra\.?)\s+)?(?P<name2>{_NAME})"
)
# A name written in lowercase where a name goes ("shoutout to priya (chem major!)", "congrats
# maria"): only a listed given name that is not also an everyday word.
LOWER_CUE_NAME_RE = re.compile(
    r"\b(?:shout ?outs? to|shout-outs? to|reminders? (?:to|for)|congrats(?: to)?|congratulations"
    r"|thanks(?: to)?|thank (?:you|u)|ty|mahalo(?: to)?|gracias(?: a)?|felicidades(?: a)?|hey|hi"
    r"|hola|happy (?:birthday|bday)(?: to)?|feliz cumple(?:años)?|prayers for|praying for"
    r"|oremos por|proud of|so proud of|get well soon|love you|miss you)[,!]?\s+"
    r"(?P<name>[a-záéíóúñ][a-záéíóúñ'-]+)\b(?!['\u2019]?\s*(?:and|y|&)\s+(?:the|all|everyone))"
)
# Someone who was a patient before their present role ("our patient-turned-volunteer, Ernie",
# "former patient and now peer mentor") is a patient even in a staff or volunteer spotlight.
PATIENT_TURNED_RE = re.compile(
    r"\b(?:patient|paciente|client|pt)[- ]turned[- ]|\bformer (?:patient|pt)\b|\bex-?patient\b"
    r"|\bexpaciente\b|\bantigu[oa] paciente\b|\bwas (?:once )?(?:a|our) patient\b"
    r"|\bfue (?:nuestr[oa] )?paciente\b",
    I,
)
NAME_INITIAL_RE = re.compile(rf"(?<![\w.])(?P<name>{_NAME})\s+[A-Z]\.(?![\w.])")
TRAILING_VOCATIVE_RE = re.compile(
    r"(?:,\s+|\b(?i:love (?:ya|you|u)|miss (?:ya|you|u)|drive safe|stay safe|take care|cuídate"
    r"|see (?:ya|you|u)|proud of (?:ya|you|u)|te queremos|te extrañamos|go|vamos)\s*,?\s+)"
    rf"(?P<name>{_NAME})\s*(?=!|\s*$|\s+[^\w\s,.])"
)
# A case described by age and sex ("67-year-old woman from ZIP 41858", "M 54 y/o", "mujer de 67
# años"): a singled-out person when a date or a place comes with it.
CASE_PERSON_RE = re.compile(
    r"\b\d{1,3}[- ]?(?:year|yr)s?[- ]old\s+(?:[\w-]+\s+)?(?P<who>woman|man|male|female|patient"
    r"|pt|boy|girl|gentleman|lady|mother|father|veteran|farmworker|teen|infant|child|client"
    r"|worker|picker|welder|mechanic|driver|roofer|laborer|fisherman|trucker|cook|student"
    r"|dad|mom|grandmother|grandfather|resident|member|participant|survivor|parent|nurse"
    r"|teacher|landscaper|carpenter|painter|electrician|plumber|cashier|dishwasher)\b"
    r"|\b\d{1,3}\s?(?:yo|y/o|yof|yom)\s+(?P<who2>[MF]\b|male|female|woman|man|patient|pt)"
    r"|\b(?P<who3>mujer|hombre|señora|señor|paciente|niña|niño|joven|adolescente|trabajador"
    r"|trabajadora|estudiante|madre|padre|abuela|abuelo|jornalero|jornalera|cliente)\s+de\s+"
    r"\d{1,3}\s+años\b",
    I,
)
# A nickname before a singular care verb ("Pops was in today", "Smitty came back") or after a
# welcome back: a plural-looking word is still one person here.
NICKNAME_RES = [
    re.compile(
        rf"(?P<nick>{_NAME})\s+(?i:came (?:in|back|by)|stopped by|walked in|checked in"
        r"|was (?:in|here|seen|admitted)|is (?:back|home)"
        r"|got (?:his|her|their) (?:first |new |last )?|finished (?:his|her|their)"
        r"|vino (?:a|hoy|ayer|por)|pasó a|regresó|volvió|ya (?:tiene|terminó))\b"
    ),
    re.compile(
        r"\b(?i:welcome back|welcome home|bienvenid[oa] de (?:vuelta|regreso)|cheers to"
        r"|kudos to)(?:\s+(?i:to))?[,!]?\s+(?:(?i:miss|mr|mrs|ms)\.?\s+)?"
        rf"(?P<nick>{_NAME})"
    ),
]
# "Sweet Pea (our fav patient)": a name with its patient relationship in brackets.
NAME_PATIENT_RE = re.compile(
    rf"(?P<name>{_NAME})(?:\s+{_NAME})?\s*\(\s*(?i:our|my|nuestr[oa]|mi)\s+(?:[\w-]+\s+)?"
    r"(?i:patient|pt|paciente)\b"
)
NAME_AGE_RE = re.compile(
    rf"(?P<name>{_NAME}(?:\s+{_NAME})?)\s*(?:\(\s*(?i:age|aged|edad)?\s*\d{{1,3}}\s*\)"
    r"|,\s*(?i:age\s*)?\d{1,3}\s*,)"
)
INITIAL_SURNAME_RE = re.compile(rf"(?<![\w.])[A-Z]\.\s?(?P<sur>{_NAME})")
VOCATIVE_RE = re.compile(
    r"(?:^|\n|[.!?:;\u2014\u2013]\s)\W*(?:(?i:omg|yes|yay|yess+|aw+|wow|ok|okay|oh|sí|si|ay"
    r"|wepa|oye|mira|hey|bueno)[,!]*\s+)*"
    rf"(?P<name>{_NAME})(?:\s*[,!]+\s*(?=(?i:thank|thanks|ty|gracias|congrats|felicidades"
    r"|we|you|u|your|ur|tu|ya|te|su|le|just|did|are|is)\b)"
    r"|\s+(?=(?i:mija|mijo|mi amor|mi reina|thank you|thank u|ty|gracias|congrats|felicidades"
    r"|you (?:were|are|did|got|made|rock|look|crushed|nailed)|you're|we (?:remember|miss|love"
    r"|see|are so proud of|are proud of) you|fuiste|estás|eres|te (?:vemos|extrañamos|queremos)"
    r"|we (?:got|have|received|found|need) your|ya (?:llegó|llegaron|está|están|tenemos) tus?)\b))"
)
FULL_NAME_RE = re.compile(rf"(?P<name>{_NAME})\s+(?P<sur>{_NAME})")
PLACE_AFTER_RE = re.compile(
    r"^(?:\s+(?:and|&|y)\s+[A-Z][\w.]*|(?:\s+[A-Z][\w.']*){1,2})?\s+(?i:county|counties|parish|condado|city|town"
    r"|township|elementary|middle|high|school|university|college|street|st\b|ave|avenue|road"
    r"|rd\b|park|hall|church|hospital|memorial|clinic|center|foundation|fund|farms?|pharmacy"
    r"|market|foods|bank|store|club|inc|llc|company|co\b|academy|library|ymca|relief|project"
    r"|alliance|network|coalition|trust|society|association|ministries|mission|services)\b"
)
# "Farmacia Guadalupe", "Iglesia San Judas", "Lincoln Elementary": a name after a place noun.
PLACE_BEFORE_RE = re.compile(
    r"\b(?i:farmacia|iglesia|parroquia|escuela|colegio|clínica|clinica|hospital|centro|tienda"
    r"|mercado|panadería|restaurante|taquería|church|school|pharmacy|park|county|city|condado"
    r"|fundación|universidad|university|college|hurricane|huracán|huracan|storm|tormenta"
    r"|barrio|bo\.|sector|urb\.|urbanización|parcelas|residencial)\s+$"
)
SINGLED_OUT_RE = re.compile(
    r"\b(?i:the|that|this|to the|el|la|al|a la|ese|esa|este|esta)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<who>(?i:gentleman|gent|man|lady|woman|guy|gal|young man|young lady|mom|mama|mother|dad"
    r"|father|grandma|grandpa|grandmother|grandfather|couple|señor|señora|caballero|joven"
    r"|muchacho|muchacha|chica|chico|mamá|papá|abuelito|abuelita|señorita|viejito|viejita"
    r"|boy|girl|kid|niño|niña|family|familia|student|estudiante|worker|client|resident|owner"
    r"|dueño|dueña|driver|person|persona|teen|nene|nena|vet|veteran|veterano|veterana|auntie|uncle"
    r"|kupuna|tūtū|tutu))"
    r"\s+(?=(?i:who|that|in (?:room|bed|exam room|the)|from|on|near|at the|with the|que"
    r"|del cuarto|de la guagua|del carro|de la troca|del|on (?:County|Rt|Route|Hwy)"
    r"|de la gorra|de la camisa|con (?:el|la) \w+|en el cuarto|en la cama)\b)"
)
# "Whoever drives the silver Civic", "el dueño de la guagua roja": one person, singled out.
WHOEVER_RE = re.compile(
    r"\b(?:whoever|the (?:person|owner|driver) (?:who|of)|(?:el|la) (?:dueñ[oa]|chofer) de"
    r"|quien (?:maneja|dejó|perdió))\b",
    I,
)
SINGLED_ROOM_RE = re.compile(
    r"\b(?i:room|rm|bed|exam room|cuarto|cama|consultorio)\s*#?\s*\d{1,4}[a-z]?\s+"
    r"(?i:patient|pt|paciente)\b"
    r"|\b(?i:patient|pt|paciente)\s+(?i:in|from|en (?:el|la)|de la|del)\s+"
    r"(?i:room|rm|bed|exam room|cuarto|cama|consultorio)\s*#?\s*\d{1,4}\b"
)
ONE_WITH_RE = re.compile(
    r"\b(?i:the one|the (?:lady|man|guy|woman|kid|gentleman)|el|la|el señor|la señora)"
    r"\s+(?i:with|con|que tiene|who has)\s+(?i:the|that|a|an|el|la|los|las|su)?\s*"
)
# Appointment details and other care events that tie a named person to the center's care.
CARE_RE = re.compile(
    r"\b(?:(?:our|the|nuestr[oa]|el|del|su|his|her|their)\s+(?:[\w'\u2019-]+\s+){0,3}?"
    r"(?:program|programa)"
    r"|(?:our|nuestr[oa]|my|mi|his|her|their|su)\s+(?:[\w'\u2019-]+\s+){0,3}?"
    r"(?:group|grupo|class|clase|circle|círculo)"
    r"|pharmacy pick-?up|pick(?:ed)? up (?:his|her|their) (?:meds|prescription|refill)"
    r"|appts?|appointments?|citas?|checked in|came back|vino a|volvió|regresó"
    r"|visits?|visita|annual (?:visit|exam)|rescheduled|reprogramad[oa]"
    r"|(?:moved|cambiad[oa]|pasad[oa]) (?:to|a las?) \d"
    r"|(?:the|your|his|her|their)\s+\d{1,2}(?::\d{2})?\s?(?:am|pm)?\s+"
    r"(?:(?:today|tomorrow|tmrw|tmr|on \w+|\w+day)\s+)?(?:for|is|was|has|slot|appt)"
    r"|\d{1,2}(?::\d{2})?\s?(?:am|pm)?\s+(?:\w+\s+)?(?:slot|time slot)"
    r"|(?:hgb|hb|a1c|bp|glucose|inr|ldl|glucosa)\s*:?\s*\d{1,3}(?:[./]\d{1,3})?"
    r"|(?:\d+|one|two|three|six) (?:years?|yrs?|months?|weeks?|años?|meses?) (?:on|en)"
    r" (?!(?:our|the|this|staff|board|team|nuestro|el|la|los)\b)[a-záéíóúñ]+)\b",
    I,
)
# An event announcement ("Feria de salud este sábado", "heat illness training for crew foremen",
# "screening day"): a capitalized word that only the word list calls a name is a place or a title
# there, unless the post also speaks of someone's care.
EVENT_RE = re.compile(
    r"\b(?:fair|feria|training|trainings|capacitación|capacitacion|taller|workshop|screening day"
    r"|jornada|plática|platica|info session|session|clinic day|health day|event|evento|caminata"
    r"|walk|run|5k|open house|drive|caravana|class(?:es)? for|clases para|sign up|regístrese"
    r"|inscríbete|rsvp|free|gratis|gratuit[oa]s?|clínica de \w+|clinica de \w+|vacunación"
    r"|vaccine clinic|flu clinic|testing day|día de la prueba)\b",
    I,
)
# General service information, as given in answer to a question.
SERVICE_INFO_RE = re.compile(
    r"\b(?:walk-?ins? (?:are |is )?welcome|no appointment (?:needed|necessary)|we(?:'re| are) open"
    r"|open (?:until|till|til|from|on|every)|we offer|we have|we do|we take|we accept"
    r"|(?:is|are) available|anyone can|everyone is welcome|sin cita|estamos abiertos"
    r"|abierto (?:hasta|de|los)|ofrecemos|tenemos|aceptamos|est[áa]n? disponibles?"
    r"|todos son bienvenidos|sí (?:hay|tenemos|ofrecemos)|yes,? we)\b",
    I,
)
# The person spoken to, tied to their own care ("your refill", "tus resultados", "you were seen").
PERSONAL_CARE_RE = re.compile(
    r"\b(?:your|ur|tu|tus|su|sus) (?:[\w-]+ )?(?:results?|refill|prescription|meds|medication"
    r"|appointment|appt|labs?|test|diagnosis|records?|chart|visit|baby|son|daughter|kid|mom|dad"
    r"|resultados?|receta|medicina|medicamentos?|cita|laboratorios?|prueba|diagn[óo]stico"
    r"|expediente|visita|beb[ée]|hij[oa]|mam[áa]|pap[áa])\b"
    r"|\b(?:you|u) (?:were|are|got|had|have been|came|tested|left)\b"
    r"|\b(?:get well|feel better|recover|mejórate|que te mejores|sorry (?:to hear|for))",
    I,
)
THIRD_PERSON_RE = re.compile(r"\b(?:he|she|his|her|him|hers|él|ella)\b", I)
POSSESSIVE_HEALTH_RE = re.compile(
    r"\b(?:after|since|during|despu[ée]s de|durante) (?:his|her|their|su|sus)\b", I
)
DONOR_RE = re.compile(
    r"\b(?:donat\w*|donor|donó|donaron|donar|donación|funding|funded|sponsor\w*|patrocin\w*"
    r"|contribut\w*|gift of|underwrit\w*|shipped|shipment|supplies|suministros"
    r"|(?-i:grants?)|subvención"
    r"|partnering|partnered|partnership|tejer|tejió|knit\w*"
    r"|sew\w*|coser|cosió|crochet\w*|volunteer(?:ed|ing|s)? (?:since|for)|voluntari[oa] desde)\b",
    I,
)
MEET_RE = re.compile(
    r"(?:\bmeet|\bplease welcome|\bsay hi to|\bconozcan? a|\bpresentamos a(?:l)?|\bjoin"
    r"|\bhosted by|\bled by|\bacompañen a"
    r")\s*(?:our\s+|nuestr[oa]\s+)?(?:new\s+|nuev[oa]\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    I,
)
ROLE_BEFORE_RE = re.compile(
    rf"\b(?:{_words_re(' '.join(lx.STAFF_ROLES))}|maintenance guy)"
    r"(?:\s+(?:of the (?:year|month)|del (?:año|mes)))?[,:]?\s*$",
    I,
)
ROLE_AFTER_RE = re.compile(
    rf"^\s*,?\s*(?:{_words_re(lx.STAFF_SUFFIXES.upper().replace('PHARMD', 'PharmD'))})\b"
    r"|^\s*,\s*(?i:volunteer|voluntari[oa]|donor|donante)\b"
    rf"|^\s*,\s*(?i:our|the|a|an|nuestr[oa]s?|el|la|un|una)\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?i:{_words_re(' '.join(lx.STAFF_ROLES))})\b"
)
# Someone who says who they are at work ("I'm Tasha, a certified peer recovery specialist", "Soy
# Javier, especialista de apoyo entre pares") speaks in their role, whatever they disclose.
SELF_INTRO_RE = re.compile(r"\b(?:I'm|I am|my name is|soy|me llamo|mi nombre es)\s*$", I)
SELF_ROLE_RE = re.compile(
    r"^\s*(?:,|and I(?:'m| am)|y soy)?\s*(?:(?:a|an|the|your|one of (?:the|our)|un|una|el|la|tu|su"
    r"|uno de|una de)\s+)?(?:[\w-]+\s+){0,4}?"
    rf"(?:{_words_re(' '.join(lx.STAFF_ROLES))}|especialista|mentor|mentora|peer|coach|navegante)"
    r"\b",
    I,
)
NOT_STAFF_WORKER_RE = re.compile(
    r"\b(?:farm|field|h-2a|h2a|migrant|seasonal|day|construction|dairy|poultry|plant|factory"
    r"|sex|agricultural|agrícola|del campo)\s+(?:workers?|trabajador(?:a|es)?)\W*$",
    I,
)
WELCOME_TEAM_RE = re.compile(r"^\W*(?:[\w.'\u2019-]+\s+){0,3}?to (?:our|the) (?:[\w-]+ )?team\b", I)
WELCOME_RE = re.compile(r"\bwelcome\s*,?\s*$", I)
SAN_RE = re.compile(r"\b(?:san|santa|st\.?|saint)\s*$", I)
ROLE_WORDS = lx.STAFF_ROLES

# --- context ---------------------------------------------------------------------------------

_HEALTH = _alternation(lx.HEALTH_TERMS) + "|" + _alternation(lx.HEALTH_TERMS_BROAD)
HEALTH_RE = re.compile(
    rf"(?<![\w-])(?:{_HEALTH})(?:e?s)?(?:-(?:free|sober|clean|libre)|\s+libre)?(?![\w-])", I
)
ROOM_RE = re.compile(
    r"\b(?:room|rm|bed|cuarto|cama|habitación|exam(?: room)?|consultorio)\s*#?\s*\d{1,4}[a-z]?\b"
    r"|\b\d{1,2}\s*(?:weeks|wks|semanas)(?:\s+(?:de embarazo|pregnant))?\b",
    I,
)
RELATION_RE = re.compile(rf"\b(?:{_alternation(lx.RELATION_PHRASES)})\b", I)
SINGULAR_PATIENT_RE = re.compile(
    r"(?<!\bvery )(?<!\bso )(?<!\bbe )(?<!\bis )(?<!\bare )(?<!\bstay )(?<!\bmore )"
    r"(?<!\bmost )(?<!\btoo )"
    r"\b(?:patient|pt|paciente)\b(?!s\b|-|\s+(?:portal|assistance|advisory|navigator|fund"
    r"|experience|survey|satisfaction|education|care\b|centered))",
    I,
)
COMPOSITE_RE = re.compile(rf"\b(?:{_alternation(lx.COMPOSITE_PHRASES)})", I)
STAFF_POST_RE = re.compile(rf"\b(?:{_alternation(lx.STAFF_POST_PHRASES)})\b", I)
POSSESSIVE_BEFORE_RE = re.compile(r"\b(?:his|her|their|su|sus)\s+(?:[\w-]+\s+)?$", I)
ROLE_MAILBOXES = lx.words("""
info billing volunteer volunteers hr jobs careers contact hello admin support press media
appointments frontdesk intake noreply no-reply donate giving office team communications
""")
PERSON_URL_HOSTS = re.compile(
    r"(?:^|\.)(?:facebook|fb|instagram|tiktok|twitter|x|gofundme|linkedin|youtube|venmo|cash"
    r"|threads|bsky|caringbridge)\.",
    I,
)

NOT_AFTER_TITLE = lx.words("you u ya all y'all hug boy girl")
MONTH_NAMES = lx.words("april may june july august")
STRONG_KINDS = frozenset({"ssn", "record_number", "device"})
IDENTIFIER_KINDS = ("date", "age", "contact", "address", "record_number", "ssn", "device", "url")
IDENTIFIER_KINDS += ("photo",)
# Titles written with a full stop; any other title before a full stop ends a sentence
# ("Cáncer de Mama. Haga su cita").
DOTTED_TITLES = lx.words("mr mrs ms mx sr sra srta dr dra sgt ssgt rev st gov sen rep")


@dataclass(frozen=True)
class ScanResult:
    """The scanner's answer for one text. `phi` is the post-level verdict; a post declared as a
    patient story with PHI is not blocked for its story (`needs_consent`), though identifiers that
    no consent covers (SSN, record and device numbers) still block."""

    phi: bool
    findings: list[Finding] = field(default_factory=list)
    patient_story: bool = False

    @property
    def needs_consent(self) -> bool:
        return self.phi and self.patient_story

    @property
    def blocked(self) -> bool:
        return any(f.severity == Severity.BLOCK for f in self.findings)


@dataclass
class _Cand:
    start: int
    end: int
    kind: str
    role: str = "person"  # for names: person, staff, official, org
    value: int | None = None  # ages
    weak: bool = False  # a name found by the word list alone, with no slot around it

    def overlaps(self, other: "_Cand") -> bool:
        return self.start < other.end and other.start < self.end


class _Scan:
    def __init__(self, text: str, allow: AllowList):
        self.text = text
        self.allow = allow
        self.cands: list[_Cand] = []

    # -- bookkeeping
    def add(self, start: int, end: int, kind: str, **kw) -> _Cand | None:
        cand = _Cand(start, end, kind, **kw)
        for other in self.cands:
            if other.overlaps(cand) and other.kind != "health" and kind != "health":
                if other.kind == kind and (cand.end - cand.start) > (other.end - other.start):
                    other.start, other.end = min(other.start, start), max(other.end, end)
                return None
        self.cands.append(cand)
        return cand

    def of(self, *kinds: str) -> list[_Cand]:
        return [c for c in self.cands if c.kind in kinds]

    # -- identifiers
    def strong(self) -> None:
        for m in SSN_RE.finditer(self.text):
            self.add(m.start(), m.end(), "ssn")
        for m in RECORD_RE.finditer(self.text):
            ident = m.group("id")
            if sum(ch.isdigit() for ch in ident) >= 4:
                self.add(m.start("id"), m.end("id"), "record_number")
        for rx in (MBI_RE, A_NUMBER_RE):
            for m in rx.finditer(self.text):
                self.add(m.start(), m.end(), "record_number")
        for m in DEVICE_RE.finditer(self.text):
            ident = m.group("id")
            # A plate is short ("K72-JQ"); any other serial needs three digits.
            plate = PLATE_KEY_RE.search(m.group("key")) and len(ident) >= 5
            digits = sum(ch.isdigit() for ch in ident)
            if (digits >= 3 or (plate and digits >= 2)) and not PHONE_RE.fullmatch(ident):
                self.add(m.start("id"), m.end("id"), "device")

    def contacts(self) -> None:
        for m in EMAIL_RE.finditer(self.text):
            email = m.group().lower()
            local, _, domain = email.partition("@")
            if email in self.allow.emails or self._allowed_domain(domain):
                continue
            role = "org" if local in ROLE_MAILBOXES else "person"
            self.add(m.start(), m.end(), "contact", role=role)
        for m in PHONE_RE.finditer(self.text):
            digits = re.sub(r"\D", "", m.group())
            digits = digits[1:] if len(digits) == 11 else digits
            if digits in self.allow.phones:
                continue
            self.add(m.start(), m.end(), "contact", role="phone")

    def _allowed_domain(self, host: str) -> bool:
        host = host.lower().removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self.allow.domains)

    def urls(self) -> None:
        for m in IP_RE.finditer(self.text):
            if all(int(p) < 256 for p in m.group().split(".")):
                self.add(m.start(), m.end(), "url", role="ip")
        for m in URL_RE.finditer(self.text):
            host, path = m.group("host"), m.group("path") or ""
            if "@" in self.text[max(0, m.start() - 1) : m.start() + 1]:
                continue
            if self._allowed_domain(host):
                continue
            personal = bool(PERSON_URL_HOSTS.search(host)) and len(path) > 1
            personal = personal or any(
                w.lower() in lx.GIVEN_NAMES and w.lower() not in lx.AMBIGUOUS_NAMES
                for w in re.split(r"[/_.-]", path)
            )
            self.add(m.start(), m.end(), "url", role="person" if personal else "org")

    def addresses(self) -> None:
        allowed = self.allow.addresses
        for m in STREET_RE.finditer(self.text):
            if any(a in m.group().lower() or m.group().lower() in a for a in allowed):
                continue
            self.add(m.start(), m.end(), "address", role="street")
        for m in ZIP_RE.finditer(self.text):
            self.add(m.start(), m.end(), "address", role="zip")

    def towns(self) -> None:
        """Small towns come last, so "de Doña Refugio" stays a name and not a place."""
        for m in TOWN_RE.finditer(self.text):
            town = m.group("town")
            first = town.split()[0].lower()
            if first in NOT_TOWNS or first in lx.NOT_NAMES or first in lx.GIVEN_NAMES:
                continue
            if first in TITLE_WORDS or (len(town) > 1 and town.split()[0].isupper()):
                continue
            self.add(m.start("town"), m.end("town"), "address", role="town")

    def dates_and_ages(self) -> None:
        for rx in AGE_RES:
            for m in rx.finditer(self.text):
                n = m.group("n") or (m.groupdict().get("n2"))
                if n is None:
                    continue
                self.add(m.start(), m.end(), "age", value=int(n))
        for m in DATE_RE.finditer(self.text):
            if m.group().strip():
                self.add(m.start(), m.end(), "date")

    def photos(self) -> None:
        if PHOTO_NOT_RE.search(self.text):
            return
        for m in PHOTO_RE.finditer(self.text):
            self.add(m.start(), m.end(), "photo")

    # -- people
    def names(self) -> None:
        text = self.text
        for m in STAFF_TITLE_RE.finditer(text):
            end = m.end("sur") if m.group("sur") else m.end("name")
            if text[m.start() : m.start() + 3] in ("pa ", "pa'"):
                continue  # "recordatorio pa Juanita": Spanish "para", not a PA
            if m.group("name").lower() not in lx.NOT_NAMES:
                self.add(m.start(), end, "name", role="staff")
        for m in OFFICIAL_RE.finditer(text):
            self.add(m.start(), m.end(), "name", role="official")
        for m in TITLE_RE.finditer(text):
            title, name = m.group("title").lower(), m.group("name")
            low = name.lower().rstrip(".")
            baby_month = title in BABY_TITLES and low in MONTH_NAMES
            if (low in lx.NOT_NAMES and not baby_month) or low in NOT_AFTER_TITLE:
                continue
            if title not in STRICT_TITLES and not (name[0].isupper() or low in lx.GIVEN_NAMES):
                continue
            if title == "don" and not name[0].isupper():
                continue
            if "." in text[m.end("title") : m.start("name")] and title not in DOTTED_TITLES:
                continue
            if PLACE_AFTER_RE.match(text[m.end("name") :]):
                continue  # "our Big Sandy clinic", "Uncle Sam Park": a place, not a person
            self.add(m.start(), self._surname_end(m.end("name")), "name")
        for m in HANDLE_RE.finditer(text):
            role = "org" if ORG_HANDLE_RE.search(m.group("h")) else "person"
            if HANDLE_YOU_RE.match(text, m.end()):
                role = "person"
            elif role == "person" and self._general_service_reply():
                role = "asker"  # "@mama_de_3 yes, walk-ins are welcome for sports physicals"
            self.add(m.start(), m.end(), "name", role=role)
        for m in CLINICAL_INITIALS_RE.finditer(text):
            g = "ini" if m.group("ini") else "ini2"
            self.add(m.start(g), m.end(g), "name")
        for m in INITIALS_RE.finditer(text):
            if m.group().strip() not in NOT_INITIALS:
                self.add(m.start(), m.end(), "name")
        for m in RELATIVE_RE.finditer(text):
            g = next(k for k in ("name", "name2", "name3", "name4") if m.group(k))
            if g == "name4" and not self._slot_name(m.group(g), m.end(g), surname=True):
                continue
            if m.group(g).lower() not in lx.NOT_NAMES:
                # "the Give Kids a Smile event": "the X kids" may be a programme's name.
                self.add(m.start(g), m.end(g), "name", weak=g == "name3")
        for m in PHOTO_NAME_RE.finditer(text):
            if m.group("name").lower() not in lx.NOT_NAMES | ROLE_WORDS | TITLE_WORDS:
                self.add(m.start("name"), self._surname_end(m.end("name")), "name")
        for rx, grp in (
            (CUE_NAME_RE, "name"),
            (NAME_AGE_RE, "name"),
            (INITIAL_SURNAME_RE, "sur"),
            (VOCATIVE_RE, "name"),
            *((rx, "name") for rx in (*EXTRA_NAME_RES, NAME_PATIENT_RE)),
            *((rx, "nick") for rx in NICKNAME_RES),
            (GROUP_NAME_RE, "name"),
            (NAME_INITIAL_RE, "name"),
            (TRAILING_VOCATIVE_RE, "name"),
            (WHO_BRACKET_NAME_RE, "name"),
            (CHART_NAME_RE, "name"),
            (CHART_NAME_RE, "name2"),
            (SHARE_NAME_RE, "name"),
            (STREET_NAME_RE, "name"),
        ):
            for m in rx.finditer(text):
                if not m.group(grp):
                    continue
                if rx is NAME_INITIAL_RE and m.group(grp).lower() in lx.NOT_BEFORE_INITIAL:
                    continue
                if rx is INITIAL_SURNAME_RE and re.search(
                    rf"\b(?i:{'|'.join(lx.NOT_BEFORE_INITIAL)})\s+$",
                    text[max(0, m.start() - 12) : m.start()],
                ):
                    continue  # "Vitamin D. Most of us": a letter that belongs to the word before
                if self._slot_name(m.group(grp), m.end(grp), surname=grp in ("sur", "nick")):
                    start = m.start() if rx is INITIAL_SURNAME_RE else m.start(grp)
                    weak = rx is INITIAL_SURNAME_RE
                    self.add(start, self._surname_end(m.end(grp)), "name", weak=weak)
        for m in LOWER_CUE_NAME_RE.finditer(text):
            low = _fold(m.group("name"))
            if low in lx.GIVEN_NAMES and low not in lx.AMBIGUOUS_NAMES | lx.NOT_NAMES | COMMON_CAPS:
                self.add(m.start("name"), m.end("name"), "name")
        for m in FULL_NAME_RE.finditer(text):
            sur = m.group("sur").lower()
            if (
                sur in lx.SURNAMES
                and sur not in lx.COMMON_SURNAMES
                and not m.group("name").lower().endswith("ing")
                and self._slot_name(m.group("name"), m.end("sur"))
            ):
                self.add(m.start(), m.end(), "name", weak=True)
        for m in CASE_PERSON_RE.finditer(text):
            g = next(k for k in ("who", "who2", "who3") if m.group(k))
            self.add(m.start(g), m.end(g), "name", role="singled_case")
        for m in SINGLED_OUT_RE.finditer(text):
            self.add(m.start("who"), m.end("who"), "name", role="singled")
        for m in STREET_NAME_RE.finditer(text):
            if self.of("name") and any(c.start <= m.start("name") < c.end for c in self.of("name")):
                self.add(m.start("street"), m.end("street"), "address", role="street")
        for m in NICK_SINGLED_RE.finditer(text):
            self.add(m.start("who"), m.end("who"), "name", role="singled_nick")
        for m in WHOEVER_RE.finditer(text):
            self.add(m.start(), m.end(), "name", role="singled")
        # "Room 6 patient", "the one with the shingles": singled out by a room or a condition.
        for m in SINGLED_ROOM_RE.finditer(text):
            self.add(m.start(), m.end(), "name", role="singled_care")
        for m in ONE_WITH_RE.finditer(text):
            if HEALTH_RE.match(text, m.end()):
                self.add(m.start(), m.end(), "name", role="singled_care")
        for m in STRONG_CUE_RE.finditer(text):
            if m.group("name").lower() not in lx.NOT_NAMES | ROLE_WORDS:
                self.add(m.start("name"), self._surname_end(m.end("name")), "name")
        for m in WORD_RE.finditer(text):
            word = m.group()
            low = _fold(re.sub(r"['\u2019]s$", "", word.lower()))
            if low not in lx.GIVEN_NAMES and word[0].isupper() and _diminutive_of_name(low):
                self.add(m.start(), self._surname_end(m.start() + len(low)), "name")
                continue
            if low not in lx.GIVEN_NAMES or low in lx.NOT_NAMES:
                continue
            if low in lx.AMBIGUOUS_NAMES:
                if not word[0].isupper() or low in MONTH_NAMES:
                    continue
                if self._sentence_initial(m.start()) and not self._has_surname(m.end()):
                    continue
                if re.match(r"\s*\d", text[m.end() :]):
                    continue
            if SAN_RE.search(text[: m.start()]) or self._after_address(m.start()):
                continue
            if low == "bo" and text[m.end() : m.end() + 1] == ".":
                continue  # "Bo. Pasto": barrio, in Puerto Rican addresses
            if PLACE_AFTER_RE.match(text[m.start() + len(low) :]) or PLACE_BEFORE_RE.search(
                text[max(0, m.start() - 30) : m.start()]
            ):
                continue
            self.add(m.start(), self._surname_end(m.start() + len(low)), "name", weak=True)
        self._classify_people()

    def _general_service_reply(self) -> bool:
        """A reply to someone's question that only gives the center's open services ("walk-ins
        are welcome for sports physicals until 4pm") says nothing about that person's care."""
        text = self.text
        if not SERVICE_INFO_RE.search(text) or PERSONAL_CARE_RE.search(text):
            return False
        return not (RELATION_RE.search(text) or SINGULAR_PATIENT_RE.search(text))

    def _slot_name(self, name: str, end: int, *, surname: bool = False) -> bool:
        """A capitalized word in a name slot is a name unless it is an everyday word, a role, a
        title or the first word of a place ("Jackson County", "Lincoln Elementary")."""
        low = name.lower()
        name = name.replace("\u2019", "'")
        if low in lx.NOT_NAMES or low in ROLE_WORDS or low in TITLE_WORDS or low in COMMON_CAPS:
            return False
        if low.endswith("s") and low not in lx.GIVEN_NAMES and not surname and "'" not in name:
            return False  # "Walgreens", "Parents": plurals and brands, not given names
        start = end - len(name)
        if PLACE_BEFORE_RE.search(self.text[max(0, start - 30) : start]):
            return False
        if self._after_address(start):
            return False
        return not PLACE_AFTER_RE.match(self.text[end:])

    def _after_address(self, start: int) -> bool:
        """A capitalized word right after a street address is its town ("150 Main St, Soledad")."""
        return any(
            c.kind == "address"
            and c.end <= start
            and re.fullmatch(r"[\s,]*", self.text[c.end : start])
            for c in self.cands
        )

    def _surname_end(self, end: int) -> int:
        """Extend a name over a following surname ("Rosa Delgado") or initial ("Jenna R.")."""
        m = re.match(rf"\s+(?P<w>[A-ZÁÉÍÓÚÑ](?:{_REST})?)(?P<dot>\.)?", self.text[end:])
        if not m:
            return end
        w = m.group("w")
        if w.lower() in lx.NOT_NAMES or w.lower() in ROLE_WORDS or (w.upper() == w and len(w) > 1):
            return end
        if len(w) == 1:
            return end + m.end()
        return end + m.end("w")

    def _has_surname(self, end: int) -> bool:
        m = re.match(rf"\s+(?P<w>{_CAP})", self.text[end:])
        if m and m.group("w").lower() not in lx.NOT_NAMES | lx.GIVEN_NAMES:
            return True
        # "Ella (7) was so brave", "Nina, you are the strongest": an age or a direct address.
        return bool(
            re.match(
                r"\s*(?:\(\s*\d{1,3}\s*\)|,\s*\d{1,3}\s*,|[,!]?\s+(?:you|u|your)\b"
                r"|\s+(?:from the|from|de la|del)\s)",
                self.text[end:],
                I,
            )
        )

    def _sentence_initial(self, pos: int) -> bool:
        before = self.text[:pos].rstrip()
        return not before or before[-1] in ".!?:\n\"'(" or ord(before[-1]) > 0x2000

    def _classify_people(self) -> None:
        text = self.text
        staff_post = bool(STAFF_POST_RE.search(text)) and not re.search(
            r"\b(?:our|my) patient\b|\bpaciente\b", text, I
        )
        staff_post = staff_post and not PATIENT_TURNED_RE.search(text)
        # Donors thanked in the sentence that names their gift are not patients.
        donor_spans = [
            (m.start(), m.end())
            for m in re.finditer(r"[^.!?\n]+", text)
            if DONOR_RE.search(m.group()) and not POSSESSIVE_HEALTH_RE.search(m.group())
        ]
        for c in self.of("name"):
            if c.role != "person":
                continue
            if (
                self._introduced_in_role(c.start, c.end)
                or staff_post
                or any(a <= c.start < b for a, b in donor_spans)
                or self._allowed_name(text[c.start : c.end])
            ):
                c.role = "staff"
        if (
            EVENT_RE.search(text)
            and not RELATION_RE.search(text)
            and not SINGULAR_PATIENT_RE.search(text)
            and not THIRD_PERSON_RE.search(text)
        ):
            for c in self.of("name"):
                if c.role == "person" and c.weak:
                    c.role = "place"
        # Once a person is introduced as staff, later mentions ("Jess helps patients") are too.
        known = {
            w.lower()
            for c in self.of("name")
            if c.role in ("staff", "official")
            for w in WORD_RE.findall(text[c.start : c.end])
            if w.lower() not in STAFF_TITLE_WORDS
        }
        for c in self.of("name"):
            if c.role == "person":
                words = [w.lower() for w in WORD_RE.findall(text[c.start : c.end])]
                words = [w for w in words if w not in TITLE_WORDS]
                if words and all(w in known for w in words):
                    c.role = "staff"

    def _introduced_in_role(self, start: int, end: int) -> bool:
        """Staff, a volunteer or a guest introduced by role here or anywhere else in the post
        ("Our intern, Tyrell, ... Ahéhee', Tyrell!")."""
        text = self.text
        first = WORD_RE.match(text, start)
        occurrences = [(start, end)]
        if first and first.group().lower() not in TITLE_WORDS:
            occurrences += [
                (m.start(), m.end())
                for m in re.finditer(rf"(?<!\w){re.escape(first.group())}(?!\w)", text)
                if m.start() != start
            ]
        for a, b in occurrences:
            before, after = text[max(0, a - 60) : a], text[b : b + 60]
            sentence_before = re.split(r"[.!?\n]\s", before)[-1]
            sentence_after = re.split(r"[.!?\n]", after)[0]
            if PATIENT_TURNED_RE.search(sentence_before) or PATIENT_TURNED_RE.search(
                sentence_after
            ):
                return False
            role_before = ROLE_BEFORE_RE.search(sentence_before)
            if role_before and role_before.group().strip(" ,:") in ("pa", "pa'"):
                role_before = None  # "recordatorio pa Juanita": Spanish "para", not a PA
            if role_before and NOT_STAFF_WORKER_RE.search(sentence_before[: role_before.end()]):
                role_before = None  # "H-2A worker Santiago Cruz" is a farmworker, not staff
            if (
                role_before
                or ROLE_AFTER_RE.search(after)
                or (SELF_INTRO_RE.search(sentence_before) and SELF_ROLE_RE.match(after))
                or MEET_RE.search(sentence_before)
                or (WELCOME_RE.search(sentence_before) and WELCOME_TEAM_RE.match(after))
            ):
                return True
        return False

    def _allowed_name(self, name: str) -> bool:
        low = " ".join(w for w in WORD_RE.findall(name.lower()) if w not in TITLE_WORDS)
        if not low:
            return False
        for staff in self.allow.staff_names:
            if low == staff:
                return True
            parts = staff.split()
            if low == parts[-1] and name.split()[0].lower().rstrip(".") in TITLE_WORDS:
                return True
        return False

    # -- health and context
    def health(self) -> list[_Cand]:
        found = []
        for rx in (ROOM_RE, HEALTH_RE, CARE_RE):
            # An appointment slot ("the 10:30 tmrw for") may hold a date; nothing else may.
            blocking = ("name",) if rx is CARE_RE else ("name", *IDENTIFIER_KINDS)
            for m in rx.finditer(self.text):
                cand = _Cand(m.start(), m.end(), "health")
                if not any(cand.overlaps(c) for c in found) and not any(
                    cand.overlaps(c) for c in self.cands if c.kind in blocking
                ):
                    found.append(cand)
        return found

    def officials_as_patients(self, health: list[_Cand]) -> None:
        """An official in a patient's chair ("drew blood from Mayor Quinn ... for his
        cholesterol screening") is a patient like anyone else."""
        cared_for = any(POSSESSIVE_BEFORE_RE.search(self.text[: h.start]) for h in health)
        if not cared_for:
            return
        for c in self.of("name"):
            if c.role == "official":
                c.role = "person"


TITLE_WORDS = lx.words(lx.PERSON_TITLES) | lx.words(lx.STAFF_TITLES) | lx.words(lx.OFFICIAL_TITLES)
STAFF_TITLE_WORDS = TITLE_WORDS
BABY_TITLES = lx.words("baby bebé bebe little lil")
COMMON_CAPS = lx.COMMON_CAPS
_DIMINUTIVE_RE = re.compile(r"^(?P<stem>[^\W\d_]{2,}?)(?:c?it[oa]|ill[oa]|cit[oa]s?)$")


def _fold(word: str) -> str:
    """ "efraín" -> "efrain": the word lists are written without accents on most names."""
    if word.isascii():
        return word
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def _diminutive_of_name(low: str) -> bool:
    """Spanish diminutives of a listed name: Joaquincito, Juanito, Anita, Carlitos."""
    m = _DIMINUTIVE_RE.match(low)
    if not m:
        return False
    stem = m.group("stem")
    return any(
        n in lx.GIVEN_NAMES and n not in lx.AMBIGUOUS_NAMES
        for n in (stem, stem + "o", stem + "a", stem + "e", stem.removesuffix("c"))
    )


def _pronoun(text: str) -> str:
    if re.search(r"\b(?:she|her|hers|ella)\b", text, I):
        return "her"
    if re.search(r"\b(?:he|his|him|él)\b", text, I):
        return "his"
    return "their"


def scan(text: str, allow: AllowList = EMPTY, *, patient_story: bool = False) -> ScanResult:
    """Scan one text (a variant, alt text or caption). Pure: same input, same answer."""
    s = _Scan(text, allow)
    s.strong()
    s.contacts()
    s.urls()
    s.addresses()
    s.dates_and_ages()
    s.photos()
    s.names()
    s.towns()
    health = s.health()
    s.officials_as_patients(health)

    people = [c for c in s.of("name") if c.role == "person"]
    # Someone singled out without a name ("the gentleman who came in Thursday") is a patient
    # when the post ties them to a visit or a day, not just to a health word.
    streets = [c for c in s.of("address") if c.role == "street"]
    if RELATION_RE.search(text) or ROOM_RE.search(text) or s.of("date") or streets:
        people += [c for c in s.of("name") if c.role == "singled"]
    people += [c for c in s.of("name") if c.role == "singled_care"]
    # A nicknamed person ("el güero de la troca blanca") at a care place ("el estacionamiento de
    # salud mental") is placed at that care.
    nicknamed = [c for c in s.of("name") if c.role == "singled_nick"]
    if nicknamed:
        places = [_Cand(m.start(), m.end(), "health") for m in CARE_PLACE_RE.finditer(text)]
        if health or places:
            people += nicknamed
            health += [p for p in places if not any(p.overlaps(h) for h in health)]
    # A case described by age and sex, with a date or a place ("67-year-old woman from ZIP
    # 41858 ... seen March 4"), is one person.
    if s.of("date", "address"):
        people += [c for c in s.of("name") if c.role == "singled_case"]
    # A date of birth with its date belongs to a person, whoever it is; with its year it
    # identifies that person on its own ("DOB 03-14-1962", "fecha de nac. 14/03/62").
    dobs = [c for c in s.of("date") if DOB_RE.match(text[c.start : c.end])]
    people += dobs
    full_dob = any(FULL_DATE_RE.search(text[c.start : c.end]) for c in dobs)
    people += [c for c in s.of("contact") if c.role == "person"]
    people += [c for c in s.of("url") if c.role in ("person", "ip")]
    identifiers = [
        c
        for c in s.cands
        if c.kind in ("date", "age", "address", "photo")
        or (c.kind == "contact" and c.role != "org")
        or (c.kind == "url" and c.role in ("ip", "person"))
    ]
    strong = [c for c in s.cands if c.kind in STRONG_KINDS]
    relation = bool(RELATION_RE.search(text))
    singular_patient = bool(SINGULAR_PATIENT_RE.search(text))
    composite = bool(COMPOSITE_RE.search(text))
    old_age = [c for c in s.of("age") if c.value is not None and c.value > 89]
    # A bare number right after a person's name ("Mr. Alvarez, 91,") is that person's age.
    for p in s.of("name"):
        m = AGE_AFTER_NAME_RE.match(text[p.end :])
        if m and p.role == "person":
            n = int(m.group("n") or m.group("n2"))
            start = p.end + m.start("n" if m.group("n") else "n2")
            cand = s.add(start, start + len(str(n)), "age", value=n)
            if cand:
                identifiers.append(cand)
                if n > 89:
                    old_age.append(cand)

    why: str | None = None
    if strong or full_dob:
        why = "strong"
    elif composite:
        why = None
    elif old_age and (people or singular_patient or relation):
        why = "old_age"
    elif people and (health or relation or singular_patient):
        why = "person"
    elif singular_patient and identifiers and (health or relation):
        why = "unnamed"

    if why is None:
        return ScanResult(phi=False, findings=[], patient_story=patient_story)

    flagged = strong + people + identifiers + health
    flagged = sorted({(c.start, c.end, c.kind): c for c in flagged}.values(), key=lambda c: c.start)
    pronoun = _pronoun(text)
    first_health = text[health[0].start : health[0].end] if health else None
    findings = [
        Finding(
            start=c.start,
            end=c.end,
            label=f"phi.{c.kind}",
            severity=(
                Severity.WARN if patient_story and c.kind not in STRONG_KINDS else Severity.BLOCK
            ),
            reason=_reason(c, text, pronoun, first_health),
        )
        for c in flagged
    ]
    return ScanResult(phi=True, findings=findings, patient_story=patient_story)


def _reason(c: _Cand, text: str, pronoun: str, first_health: str | None) -> str:
    span = text[c.start : c.end]
    if c.kind == "name":
        if first_health:
            return f"names a patient and {pronoun} health information ({first_health})"
        return "names a patient of this health center"
    if c.kind == "health":
        return f"health information ({span}) about a person the post identifies"
    if c.kind == "ssn":
        return "a Social Security number identifies a person on its own"
    if c.kind == "record_number":
        return "a record, account or insurance number identifies a patient on its own"
    if c.kind == "device":
        return "a licence, plate or device serial number identifies a person on its own"
    if c.kind == "age":
        if c.value is not None and c.value > 89:
            return "an age over 89 identifies a person on its own"
        return "a patient's age"
    if c.kind == "date":
        return f"a date ({span}) tied to a patient's care"
    if c.kind == "contact":
        return "a patient's phone number or email address"
    if c.kind == "address":
        return "where a patient lives (street, town or ZIP)"
    if c.kind == "url":
        return "a link or IP address that points to a person"
    if c.kind == "photo":
        return "a photo or video of a patient"
    return "identifies a patient"
