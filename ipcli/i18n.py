"""Labels for rendered plans in English, bokmål, nynorsk and Danish, and dates in each language.

One catalogue: each key has its four words side by side, so a missing translation shows in
review. Plan text itself is never translated: it is shown in the language it was written in.
"""

from __future__ import annotations

import datetime as dt
import functools

LANGS = ("en", "nb", "nn", "da")
_LOCALES = {"en": "en_GB", "nb": "nb_NO", "nn": "nn_NO", "da": "da_DK"}

# key: (en, nb, nn, da)
_L: dict[str, tuple[str, str, str, str]] = {
    "plan": ("Individual plan", "Individuell plan", "Individuell plan", "Individuel plan"),
    "my_plan": ("My plan", "Planen min", "Planen min", "Min plan"),
    "person": ("Person", "Person", "Person", "Borger"),
    "born": ("Born", "Født", "Fødd", "Født"),
    "communication": ("Communication", "Kommunikasjon", "Kommunikasjon", "Kommunikation"),
    "status": ("Status", "Status", "Status", "Status"),
    "participation": ("Taking part", "Deltakelse", "Deltaking", "Deltagelse"),
    "dates": ("Dates", "Datoer", "Datoar", "Datoer"),
    "referred": ("Referred", "Henvist", "Tilvist", "Henvist"),
    "enrolled": ("Enrolled", "Innskrevet", "Innskriven", "Indskrevet"),
    "work_started": ("Plan work started", "Planarbeid startet", "Planarbeid starta", "Planarbejde startet"),
    "period": ("Plan period", "Planperiode", "Planperiode", "Planperiode"),
    "next_revision": ("Next revision", "Neste revisjon", "Neste revisjon", "Næste revision"),
    "basis": ("Basis", "Grunnlag", "Grunnlag", "Grundlag"),
    "coordinator": ("Coordinator", "Koordinator", "Koordinator", "Kontaktperson"),
    "my_coordinator": ("Your coordinator", "Koordinatoren din", "Koordinatoren din", "Din kontaktperson"),
    "contact": ("Contact", "Kontakt", "Kontakt", "Kontakt"),
    "participants": ("Who takes part", "Hvem er med", "Kven er med", "Hvem deltager"),
    "reason": ("Why", "Hvorfor", "Kvifor", "Hvorfor"),
    "contributes": ("Contributes", "Bidrar med", "Bidreg med", "Bidrager med"),
    "consents": ("Consents", "Samtykker", "Samtykke", "Samtykker"),
    "valid_until": ("valid until", "gyldig til", "gyldig til", "gyldig til"),
    "withdrawn": ("withdrawn", "trukket tilbake", "trekt tilbake", "trukket tilbage"),
    "covers": ("covers", "gjelder", "gjeld", "omfatter"),
    "given_by": ("given by", "gitt av", "gitt av", "givet af"),
    "long_term_goal": ("Long-term goal", "Langsiktig mål", "Langsiktig mål", "Langsigtet mål"),
    "themes": ("Life areas", "Livsområder", "Livsområde", "Temaer"),
    "situation": ("Situation", "Situasjon", "Situasjon", "Situation"),
    "resources": ("Resources", "Ressurser", "Ressursar", "Ressourcer"),
    "wishes": ("Wishes", "Ønsker", "Ønske", "Ønsker"),
    "cannot_now": (
        "cannot be met now",
        "kan ikke oppfylles nå",
        "kan ikkje oppfyllast no",
        "kan ikke opfyldes nu",
    ),
    "agreements": ("Agreements", "Avtaler", "Avtalar", "Aftaler"),
    "focus_agreement": ("Focus area", "Innsatsområde", "Innsatsområde", "Aftale om indsatsområde"),
    "goals": ("Goals", "Mål", "Mål", "Mål"),
    "my_goals": ("My goals", "Målene mine", "Måla mine", "Mine mål"),
    "subgoals": ("Sub-goals", "Delmål", "Delmål", "Delmål"),
    "method": ("Method", "Metode", "Metode", "Metode"),
    "observations": ("Observations", "Observasjoner", "Observasjonar", "Observationer"),
    "next_evaluation": ("Next evaluation", "Neste evaluering", "Neste evaluering", "Næste evaluering"),
    "measures": ("Measures", "Tiltak", "Tiltak", "Indsatser"),
    "who_helps": (
        "Who helps me with what, and when",
        "Hvem hjelper meg med hva, og når",
        "Kven hjelper meg med kva, og når",
        "Hvem hjælper mig med hvad, og hvornår",
    ),
    "responsible": ("Responsible", "Ansvarlig", "Ansvarleg", "Ansvarlig"),
    "due": ("By", "Frist", "Frist", "Frist"),
    "how": ("How", "Hvordan", "Korleis", "Hvordan"),
    "evaluations": ("Evaluations", "Evalueringer", "Evalueringar", "Evalueringer"),
    "achievement": ("Progress", "Måloppnåelse", "Måloppnåing", "Målopfyldelse"),
    "outcome": ("Next step", "Videre", "Vidare", "Videre"),
    "meetings": ("Meetings", "Møter", "Møte", "Møder"),
    "revisions": ("Revisions", "Revisjoner", "Revisjonar", "Revisioner"),
    "dilemmas": ("Ethical dilemmas", "Etiske dilemmaer", "Etiske dilemma", "Etiske dilemmaer"),
    "from_services": (
        "What you can expect from us",
        "Hva du kan forvente av oss",
        "Kva du kan venta av oss",
        "Hvad du kan forvente af os",
    ),
    "from_citizen": (
        "What we expect from you",
        "Hva vi forventer av deg",
        "Kva vi ventar av deg",
        "Hvad vi forventer af dig",
    ),
    "subplans": ("Other plans", "Andre planer", "Andre planar", "Andre planer"),
    "what_is_due": ("What is due", "Hva som forfaller", "Kva som forfell", "Hvad der forfalder"),
    "overdue": ("overdue", "forfalt", "forfalle", "overskredet"),
    "signatures": ("Signatures", "Underskrifter", "Underskrifter", "Underskrifter"),
    "date": ("Date", "Dato", "Dato", "Dato"),
    "signature": ("Signature", "Underskrift", "Underskrift", "Underskrift"),
    "plans": ("Plans", "Planer", "Planar", "Planer"),
    "due_overview": ("Due overview", "Frister", "Fristar", "Frister"),
    "next_due": ("Next due", "Neste frist", "Neste frist", "Næste frist"),
    "none": ("none", "ingen", "ingen", "ingen"),
    "said_by": ("Whose words", "Hvem sier det", "Kven seier det", "Hvem siger det"),
    # voices: shown in words beside every statement, never by colour alone
    "voice.citizen": ("In the person's own words", "Med egne ord", "Med eigne ord", "Med egne ord"),
    "voice.staff": ("Staff", "Tjenesten", "Tenesta", "Medarbejderne"),
    "voice.relative": ("Relative", "Pårørende", "Pårørande", "Pårørende"),
    "voice.guardian": ("Guardian", "Verge", "Verje", "Værge"),
    # closed vocabularies
    "status.referred": ("referred", "henvist", "tilvist", "henvist"),
    "status.draft": ("draft", "utkast", "utkast", "udkast"),
    "status.active": ("active", "aktiv", "aktiv", "aktiv"),
    "status.paused": ("paused", "satt på pause", "sett på pause", "sat på pause"),
    "status.closed": ("closed", "avsluttet", "avslutta", "afsluttet"),
    "participation.full": ("takes part", "deltar", "deltek", "deltager"),
    "participation.partial": ("takes part partly", "deltar delvis", "deltek delvis", "deltager delvist"),
    "participation.declined": (
        "does not want to take part",
        "ønsker ikke å delta",
        "ønskjer ikkje å delta",
        "ønsker ikke at deltage",
    ),
    "role.self": ("the person", "personen selv", "personen sjølv", "borgeren selv"),
    "role.relative": ("relative", "pårørende", "pårørande", "pårørende"),
    "role.guardian": ("guardian", "verge", "verje", "værge"),
    "role.coordinator": ("coordinator", "koordinator", "koordinator", "koordinator"),
    "role.contact_person": ("contact person", "kontaktperson", "kontaktperson", "kontaktperson"),
    "role.professional": ("professional", "fagperson", "fagperson", "fagperson"),
    "role.agency": ("service", "tjeneste", "teneste", "samarbejdspartner"),
    "consent.plan": ("to make the plan", "til å lage planen", "til å laga planen", "til at lave planen"),
    "consent.share_information": (
        "to share information",
        "til å dele opplysninger",
        "til å dela opplysningar",
        "til at dele oplysninger",
    ),
    "consent.collect_information": (
        "to collect information",
        "til å innhente opplysninger",
        "til å henta inn opplysningar",
        "til at indhente oplysninger",
    ),
    "focus.agreed": ("agreed", "avtalt", "avtalt", "aftalt"),
    "focus.not_needed": ("not needed", "ikke nødvendig", "ikkje naudsynt", "ikke nødvendig"),
    "focus.later": ("to be decided", "avgjøres senere", "avgjerast seinare", "besluttes senere"),
    "goal.proposed": ("proposed", "foreslått", "føreslått", "foreslået"),
    "goal.active": ("active", "aktivt", "aktivt", "aktivt"),
    "goal.achieved": ("achieved", "nådd", "nådd", "nået"),
    "goal.dropped": ("dropped", "avsluttet", "avslutta", "opgivet"),
    "measure.planned": ("planned", "planlagt", "planlagt", "planlagt"),
    "measure.ongoing": ("ongoing", "pågår", "pågår", "i gang"),
    "measure.done": ("done", "gjennomført", "gjennomført", "gennemført"),
    "measure.cancelled": ("cancelled", "avlyst", "avlyst", "aflyst"),
    "achievement.in-progress": ("in progress", "underveis", "undervegs", "i gang"),
    "achievement.improving": ("improving", "bedre", "betre", "bedre"),
    "achievement.worsening": ("worsening", "dårligere", "dårlegare", "dårligere"),
    "achievement.no-change": ("no change", "ingen endring", "inga endring", "ingen ændring"),
    "achievement.achieved": ("achieved", "nådd", "nådd", "nået"),
    "achievement.sustaining": ("holding", "holdes ved like", "haldast ved like", "fastholdt"),
    "achievement.not-achieved": ("not achieved", "ikke nådd", "ikkje nådd", "ikke nået"),
    "achievement.no-progress": ("no progress", "ingen fremgang", "ingen framgang", "ingen fremgang"),
    "achievement.not-attainable": ("not attainable", "ikke oppnåelig", "ikkje oppnåeleg", "ikke opnåeligt"),
    "outcome.continue": ("continue", "fortsette", "halda fram", "fortsætte"),
    "outcome.change": ("change", "endre", "endra", "ændre"),
    "outcome.end": ("end", "avslutte", "avslutta", "afslutte"),
    "outcome.reassess": ("reassess", "vurdere på nytt", "vurdera på nytt", "revurdere"),
    "meeting.plan_meeting": ("plan meeting", "planmøte", "planmøte", "handleplansmøde"),
    "meeting.staff_meeting": ("staff meeting", "personalmøte", "personalmøte", "personalemøde"),
    "meeting.cooperation": ("cooperation meeting", "samarbeidsmøte", "samarbeidsmøte", "samarbejdsmøde"),
    "meeting.municipality": (
        "meeting with the municipality",
        "møte med kommunen",
        "møte med kommunen",
        "møde med kommunen",
    ),
    "meeting.revision": ("revision meeting", "revisjonsmøte", "revisjonsmøte", "revisionsmøde"),
}


def label(key: str, lang: str) -> str:
    words = _L.get(key)
    if words is None:
        return key.split(".", 1)[-1].replace("_", " ")
    return words[LANGS.index(lang) if lang in LANGS else 0]


def missing_translations() -> list[str]:
    return [k for k, words in _L.items() if len(words) != len(LANGS) or not all(words)]


@functools.cache
def _babel_format(day: dt.date, lang: str, style: str) -> str:
    from babel.dates import format_date

    return format_date(day, format=style, locale=_LOCALES.get(lang, "en_GB"))


def date(day: dt.date | None, lang: str, style: str = "long") -> str:
    """A date the way the language writes it: '23. november 2026', '23 November 2026'."""
    return "" if day is None else _babel_format(day, lang, style)
