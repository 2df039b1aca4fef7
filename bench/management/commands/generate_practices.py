"""Generate many realistic bilingual examples for load tests (not for production data)."""

import itertools
import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from goodpractice.indexing import practice_index_refresh
from goodpractice.models import Goal, Method, Practice, TargetGroup, Topic
from members.models import Member, Region
from network_portal.db import vacuum_analyze

# Czech words in several forms, so that the inflection rules of the search meet real endings.
CZ_ADJ = [
    "zdravé",
    "zdravého",
    "zdravých",
    "participativní",
    "komunitní",
    "veřejné",
    "veřejného",
    "místní",
    "místních",
    "zelené",
    "zelených",
    "bezpečné",
    "bezpečnější",
    "dostupné",
    "sdílené",
    "udržitelné",
    "udržitelného",
    "nové",
    "moderní",
    "otevřené",
    "dětské",
    "sousedské",
    "školní",
    "krajské",
    "městské",
    "městských",
    "mladých",
    "starších",
    "společné",
    "společného",
    "aktivní",
    "přátelské",
    "čisté",
    "kulturní",
    "sociální",
]
CZ_NOUNS = [
    "město",
    "města",
    "městě",
    "měst",
    "obec",
    "obce",
    "obcí",
    "kraj",
    "kraje",
    "kraji",
    "projekt",
    "projektu",
    "projekty",
    "občané",
    "občanů",
    "obyvatelé",
    "obyvatel",
    "úřad",
    "úřadu",
    "setkání",
    "plán",
    "plánu",
    "komunita",
    "komunity",
    "centrum",
    "centru",
    "lidé",
    "lidí",
    "veřejnost",
    "veřejnosti",
    "akce",
    "aktivity",
    "zkušenosti",
    "výsledky",
]
CZ_VERBS = [
    "zapojuje",
    "zapojili",
    "podporuje",
    "podpořilo",
    "pomáhá",
    "pomohl",
    "vytvořili",
    "navrhli",
    "hlasovali",
    "připravili",
    "zlepšuje",
    "propojuje",
    "sdílí",
    "mapovali",
    "plánují",
    "otevřeli",
    "obnovili",
    "vysadili",
    "diskutovali",
    "vyhodnotili",
    "spustili",
]
CZ_SMALL = ["a", "v", "ve", "na", "pro", "s", "se", "do", "z", "k", "o", "při", "také", "nově"]
EN_ADJ = [
    "healthy",
    "participatory",
    "community",
    "public",
    "local",
    "green",
    "safe",
    "safer",
    "accessible",
    "shared",
    "sustainable",
    "new",
    "open",
    "children's",
    "neighbourhood",
    "school",
    "regional",
    "urban",
    "young",
    "older",
    "joint",
    "active",
    "friendly",
    "clean",
]
EN_NOUNS = [
    "city",
    "cities",
    "town",
    "towns",
    "municipality",
    "region",
    "project",
    "projects",
    "citizens",
    "residents",
    "office",
    "meeting",
    "plan",
    "community",
    "centre",
    "people",
    "public",
    "events",
    "activities",
    "experience",
    "results",
]
EN_VERBS = [
    "involves",
    "involved",
    "supports",
    "supported",
    "helps",
    "helped",
    "created",
    "proposed",
    "voted",
    "prepared",
    "improves",
    "connects",
    "shares",
    "mapped",
    "are planning",
    "opened",
    "renewed",
    "planted",
    "discussed",
    "evaluated",
    "launched",
]
EN_SMALL = ["and", "in", "on", "for", "with", "to", "of", "at", "also", "newly"]
TOWNS = [
    "Brno",
    "Chrudim",
    "Litoměřice",
    "Prachatice",
    "Tachov",
    "Klatovy",
    "Rokycany",
    "Přeštice",
    "Kopřivnice",
    "Vsetín",
    "Jihlava",
    "Třebíč",
    "Hodonín",
    "Kroměříž",
    "Uherské Hradiště",
    "Šternberk",
    "Písek",
    "Strakonice",
    "Liberec",
    "Jablonec",
    "Opava",
    "Krnov",
    "Zlín",
]


# Words that belong to one topic: a text about transport rarely mentions seniors' clubs.
TOPIC_WORDS = {
    "sprava-a-uzemni-rozvoj": (
        "územní plán zastupitelstvo radnice participace veřejné projednání strategie vize "
        "rozpočet participativní hlasování občané komise náměstí rozvoj obce úřad",
        "spatial plan council town hall participation public hearing strategy vision budget "
        "participatory vote citizens committee square development municipality office",
    ),
    "zivotni-prostredi": (
        "zeleň stromy park parku zahrada komunitní sad potok řeka voda klima příroda biotop "
        "ovzduší hluk kompost louka",
        "greenery trees park garden community orchard stream river water climate nature "
        "habitat air noise compost meadow",
    ),
    "spotreba-a-vyroba": (
        "odpady třídění kompostování opravna bazar energie úspory solární zateplení "
        "spotřeba výroba zálohované nádobí",
        "waste sorting composting repair café bazaar energy savings solar insulation "
        "consumption production reusable tableware",
    ),
    "doprava": (
        "doprava cyklostezka cyklostezky chodník přechod zastávka autobus bezbariérový "
        "parkování kolo pěší zóna bezpečná cesta do školy",
        "transport cycle path pavement crossing bus stop accessible parking bicycle "
        "pedestrian zone safe route to school",
    ),
    "zdravi": (
        "zdraví prevence screening očkování pohyb výživa duševní zdraví nemocnice lékař "
        "rakovina závislosti cvičení",
        "health prevention screening vaccination exercise nutrition mental health hospital "
        "doctor cancer addiction fitness",
    ),
    "ekonomika-a-podnikani": (
        "podnikání podnikatelé inkubátor trh farmářský řemeslo zaměstnanost startup "
        "cestovní ruch místní výrobky",
        "business entrepreneurs incubator market farmers craft employment start-up tourism "
        "local products",
    ),
    "vzdelavani-a-vychova": (
        "škola školy žáci studenti parlament mládež mladí lidé výchova vzdělávání knihovna "
        "kroužek dětské zastupitelstvo",
        "school schools pupils students parliament youth young people upbringing education "
        "library club children's council",
    ),
    "kultura-a-volny-cas": (
        "kultura festival divadlo koncert tradice slavnosti muzeum sport sportoviště hřiště "
        "spolky volný čas",
        "culture festival theatre concert tradition celebrations museum sport sports ground "
        "playground associations leisure",
    ),
    "socialni-prostredi": (
        "senioři seniorů sociální služby bydlení sdílené osamělost dobrovolníci rodiny "
        "vyloučení bezdomovectví pečovatelská služba",
        "seniors social services housing shared loneliness volunteers families exclusion "
        "homelessness home care",
    ),
    "globalni-odpovednost": (
        "fairtrade rozvojová spolupráce partnerská města klima uprchlíci solidarita "
        "globální cíle udržitelného rozvoje",
        "fair trade development cooperation twin towns climate refugees solidarity global "
        "sustainable development goals",
    ),
}
SYLLABLES = [
    "ba",
    "bo",
    "če",
    "da",
    "de",
    "do",
    "hra",
    "ja",
    "ka",
    "ko",
    "kra",
    "la",
    "le",
    "lo",
    "ma",
    "me",
    "mo",
    "na",
    "ne",
    "no",
    "pa",
    "pe",
    "po",
    "pra",
    "ra",
    "ro",
    "sa",
    "se",
    "sto",
    "ta",
    "te",
    "to",
    "va",
    "ve",
    "vo",
    "za",
    "ze",
    "ži",
    "ří",
    "ště",
    "ná",
    "dů",
    "lí",
    "rů",
    "vý",
]
CZ_ENDINGS = ["", "a", "y", "u", "ou", "ě", "ích", "ách", "ého", "ými", "ní", "ský", "ové"]
EN_ENDINGS = ["", "s", "ing", "ed", "er", "ness", "ment", "al"]


def _pseudo_words(rng, count, endings):
    """A Zipf-distributed vocabulary of made-up words with Czech-looking shapes."""
    stems = {
        "".join(rng.choice(SYLLABLES) for _n in range(rng.randint(2, 4))) for _n in range(count)
    }
    return [stem + rng.choice(endings) for stem in sorted(stems)]


class TextMaker:
    """Sentences mixing common words, the topic's own words and a long tail of rarer words."""

    def __init__(self, rng, adjectives, nouns, verbs, small, pseudo):
        self.rng = rng
        self.adjectives, self.nouns, self.verbs, self.small = adjectives, nouns, verbs, small
        self.pseudo = pseudo
        self.cum_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(pseudo))))

    def sentence(self, topic_words, town):
        rng = self.rng
        words = [rng.choice(self.adjectives), rng.choice(self.nouns), rng.choice(self.verbs)]
        for _number in range(rng.randint(4, 10)):
            roll = rng.random()
            if roll < 0.25:
                words.append(rng.choice(topic_words))
            elif roll < 0.45:
                words.append(rng.choice(self.small))
            elif roll < 0.55:
                words.append(rng.choice(self.nouns))
            else:
                words.append(rng.choices(self.pseudo, cum_weights=self.cum_weights)[0])
        if rng.random() < 0.3:
            words += [rng.choice(self.small), town]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def text(self, sentences, topic_words, town):
        return " ".join(self.sentence(topic_words, town) for _number in range(sentences))


def valid_ico(number: int) -> str:
    digits = f"{number:07d}"[-7:]
    total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    return digits + str((11 - total % 11) % 10)


class Command(BaseCommand):
    help = (
        "Generate N realistic bilingual good-practice examples (default 50,000) with members "
        "and classification, using bulk inserts, then their search rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=4)
        parser.add_argument("--members", type=int, default=300, help="members to spread over")
        parser.add_argument("--batch", type=int, default=2_000)

    def handle(self, *args, count, seed, members, batch, **options):
        rng = random.Random(seed)
        started = time.monotonic()
        self.czech = TextMaker(
            rng, CZ_ADJ, CZ_NOUNS, CZ_VERBS, CZ_SMALL, _pseudo_words(rng, 6000, CZ_ENDINGS)
        )
        self.english = TextMaker(
            rng, EN_ADJ, EN_NOUNS, EN_VERBS, EN_SMALL, _pseudo_words(rng, 6000, EN_ENDINGS)
        )
        slugs = dict(Topic.objects.values_list("pk", "slug"))
        self.topic_words = {
            pk: tuple(words.split() for words in TOPIC_WORDS.get(slug, ("obec", "town")))
            for pk, slug in slugs.items()
        }
        member_ids = self._members(rng, members)
        topics = list(Topic.objects.values_list("pk", flat=True))
        groups = list(TargetGroup.objects.values_list("pk", flat=True))
        methods = list(Method.objects.values_list("pk", flat=True))
        goals = list(Goal.objects.values_list("pk", flat=True))
        start = (Practice.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        now = timezone.now()
        made = 0
        while made < count:
            size = min(batch, count - made)
            with transaction.atomic():
                practices = [
                    self._practice(rng, start + made + n, topics, now) for n in range(size)
                ]
                created = Practice.objects.bulk_create(practices)
                self._links(rng, created, member_ids, groups, methods, goals)
                # bulk_create sends no signals: write the list's search rows here.
                practice_index_refresh(practice.pk for practice in created)
            made += size
            self.stdout.write(f"  {made} / {count}")
        vacuum_analyze(
            "goodpractice_practice",
            "goodpractice_practicesearchrow",
            *(
                f"goodpractice_practice_{table}"
                for table in ("members", "target_groups", "methods", "goals")
            ),
        )
        self.stdout.write(
            self.style.SUCCESS(f"Generated {count} examples in {time.monotonic() - started:.1f} s.")
        )

    def _members(self, rng, wanted):
        existing = list(Member.objects.values_list("pk", flat=True))
        if len(existing) >= wanted:
            return existing
        regions = list(Region.objects.all())
        taken = set(Member.objects.values_list("ico", flat=True))
        taken_slugs = set(Member.objects.values_list("slug", flat=True))
        new, number = [], 0
        kinds = (
            [Member.Kind.TOWN] * 6
            + [Member.Kind.MUNICIPALITY] * 3
            + [
                Member.Kind.STATUTORY_CITY,
                Member.Kind.CITY_DISTRICT,
                Member.Kind.MICROREGION,
                Member.Kind.LOCAL_ACTION_GROUP,
            ]
        )
        while len(existing) + len(new) < wanted:
            number += 1
            ico = valid_ico(7_000_000 + number)
            slug = f"generovana-obec-{number}"
            if ico in taken or slug in taken_slugs:
                continue
            new.append(
                Member(
                    name=f"{rng.choice(TOWNS)} {number}",
                    slug=slug,
                    ico=ico,
                    kind=rng.choice(kinds),
                    region=rng.choice(regions),
                )
            )
        Member.objects.bulk_create(new)
        return list(Member.objects.values_list("pk", flat=True))

    def _practice(self, rng, number, topics, now):
        town = rng.choice(TOWNS)
        topic = rng.choice(topics)
        words_cs, words_en = self.topic_words[topic]
        title_cs = f"{rng.choice(CZ_ADJ).capitalize()} {rng.choice(words_cs)} {town}"
        title_en = f"{rng.choice(EN_ADJ).capitalize()} {rng.choice(words_en)} in {town}"
        english = rng.random() < 0.85
        year_from = rng.randint(2005, 2025)
        partner = rng.random() < 0.03
        status = rng.choices(
            [Practice.Status.PUBLISHED, Practice.Status.DRAFT, Practice.Status.SUBMITTED],
            weights=[94, 4, 2],
        )[0]
        published_at = now - timedelta(minutes=rng.randint(0, 15 * 365 * 24 * 60))
        return Practice(
            title_cs=title_cs,
            title_en=title_en if english else "",
            slug=f"{slugify(title_cs)[:150]}-g{number}",
            summary_cs=self.czech.text(2, words_cs, town),
            summary_en=self.english.text(2, words_en, town) if english else "",
            body_cs=self.czech.text(rng.randint(4, 12), words_cs, town),
            body_en=self.english.text(rng.randint(4, 12), words_en, town) if english else "",
            partner_name=f"{town} partner" if partner else "",
            country=rng.choice(["NO", "SK", "PL", "AT"]) if partner else "CZ",
            year_from=year_from,
            year_to=year_from + rng.randint(1, 4) if rng.random() < 0.3 else None,
            topic_id=topic,
            status=status,
            verified=rng.random() < 0.1,
            published_at=published_at if status == Practice.Status.PUBLISHED else None,
            cs_changed_at=published_at,
            en_changed_at=published_at if english else None,
        )

    def _links(self, rng, practices, member_ids, groups, methods, goals):
        through = Practice.members.through
        rows = []
        for practice in practices:
            if practice.partner_name:
                continue
            for member_id in rng.sample(member_ids, rng.choice((1, 1, 1, 2))):
                rows.append(through(practice_id=practice.pk, member_id=member_id))
        through.objects.bulk_create(rows, batch_size=10_000)
        for relation, ids, field in (
            ("target_groups", groups, "targetgroup_id"),
            ("methods", methods, "method_id"),
            ("goals", goals, "goal_id"),
        ):
            through = getattr(Practice, relation).through
            rows = [
                through(practice_id=practice.pk, **{field: term})
                for practice in practices
                for term in rng.sample(ids, rng.randint(1, 3))
            ]
            through.objects.bulk_create(rows, batch_size=10_000)
