"""Award streams and their criteria (Learn, Embed, Share), with a default set for each stream."""
import datetime
import json

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField

STREAMS = [
    {
        "key": "business",
        "name": {"en": "Business or workplace", "ar": "شركة أو مكان عمل",
                 "uk": "Бізнес або робоче місце"},
        "kinds": ["business"],
        "criteria": [
            ("learn", True, {
                "en": ("A named sanctuary contact",
                       "Name one person in your business whom staff and customers can ask about "
                       "sanctuary. They should have had training on the rights and experiences of "
                       "people seeking sanctuary, or be booked on it."),
                "ar": ("شخص محدّد للتواصل بشأن الملاذ",
                       "حدّدوا شخصًا واحدًا في شركتكم يمكن للموظفين والعملاء أن يسألوه عن "
                       "الملاذ. ينبغي أن يكون قد تلقّى تدريبًا على حقوق الباحثين عن الملاذ "
                       "وتجاربهم، أو أن يكون مسجّلًا في هذا التدريب."),
                "uk": ("Контактна особа з питань притулку",
                       "Призначте одну людину у вашому бізнесі, до якої працівники та клієнти "
                       "можуть звернутися з питаннями про притулок. Ця людина має пройти "
                       "навчання про права та досвід людей, які шукають притулку, або бути "
                       "записаною на нього."),
            }),
            ("learn", True, {
                "en": ("Everyone understands what seeking sanctuary means",
                       "All staff, and volunteers if you have them, take part in awareness "
                       "training. People with lived experience of seeking sanctuary help to shape "
                       "or lead it."),
                "ar": ("الجميع يفهمون معنى البحث عن الملاذ",
                       "يشارك جميع الموظفين، والمتطوعون إن وُجدوا، في تدريب توعوي. ويساعد أشخاص "
                       "لديهم تجربة شخصية في البحث عن الملاذ في إعداد هذا التدريب أو تقديمه."),
                "uk": ("Усі розуміють, що означає шукати притулку",
                       "Усі працівники, а також волонтери, якщо вони у вас є, проходять "
                       "навчання, щоб краще розуміти цю тему. Люди, які самі мають досвід пошуку "
                       "притулку, допомагають його створювати або проводити."),
            }),
            ("embed", False, {
                "en": ("Welcome is part of how you work",
                       "Make your workplace, services or premises welcoming to people seeking "
                       "sanctuary: for example interpreting, clear information, fair recruitment "
                       "that does not ask for more documents than the law requires, or work "
                       "placements."),
                "ar": ("الترحيب جزء من طريقة عملكم",
                       "اجعلوا مكان عملكم أو خدماتكم أو مبانيكم مرحّبة بالباحثين عن الملاذ: "
                       "مثلًا من خلال الترجمة الفورية، والمعلومات الواضحة، والتوظيف العادل الذي "
                       "لا يطلب وثائق أكثر مما يشترطه القانون، أو فرص التدريب العملي."),
                "uk": ("Гостинність — частина вашої роботи",
                       "Зробіть своє робоче місце, послуги чи приміщення привітними для людей, "
                       "які шукають притулку: наприклад, усний переклад, зрозуміла інформація, "
                       "чесний найм без вимоги більшої кількості документів, ніж передбачає "
                       "закон, або можливості для стажування."),
            }),
            ("embed", False, {
                "en": ("People seeking sanctuary help to shape your plans",
                       "Involve people seeking sanctuary in your plans and decisions, for example "
                       "through a staff network, a customer panel or paid consultation, and not "
                       "only as customers."),
                "ar": ("الباحثون عن الملاذ يساعدون في صياغة خططكم",
                       "أشركوا الباحثين عن الملاذ في خططكم وقراراتكم، مثلًا من خلال شبكة "
                       "للموظفين، أو لجنة من العملاء، أو استشارات مدفوعة الأجر، وليس بوصفهم "
                       "عملاء فقط."),
                "uk": ("Люди, які шукають притулку, допомагають формувати ваші плани",
                       "Залучайте людей, які шукають притулку, до ваших планів і рішень, "
                       "наприклад через мережу працівників, раду клієнтів або оплачувані "
                       "консультації, а не лише як клієнтів."),
            }),
            ("embed", False, {
                "en": ("Bringing people together",
                       "Create chances for local people and people seeking sanctuary to meet and "
                       "get to know each other, for example through events, mentoring or "
                       "volunteering."),
                "ar": ("جمع الناس معًا",
                       "أتيحوا فرصًا لسكان المنطقة والباحثين عن الملاذ كي يلتقوا ويتعرّفوا على "
                       "بعضهم، مثلًا من خلال الفعاليات أو الإرشاد أو العمل التطوعي."),
                "uk": ("Об'єднуємо людей",
                       "Створюйте можливості для місцевих жителів і людей, які шукають притулку, "
                       "зустрічатися та знайомитися одне з одним, наприклад через заходи, "
                       "наставництво або волонтерство."),
            }),
            ("share", True, {
                "en": ("Telling people about your commitment",
                       "Say publicly that you have signed the pledge and what you are doing: on "
                       "your website, in newsletters, on social media or at events."),
                "ar": ("إخبار الناس بالتزامكم",
                       "أعلنوا أنكم وقّعتم التعهّد وأخبروا الناس بما تقومون به: على موقعكم "
                       "الإلكتروني، أو في النشرات الإخبارية، أو على وسائل التواصل الاجتماعي، أو "
                       "في الفعاليات."),
                "uk": ("Розповідайте людям про свою відданість справі",
                       "Публічно повідомте, що ви підписали зобов'язання, і розкажіть, що ви "
                       "робите: на вашому вебсайті, у розсилках, у соціальних мережах або на "
                       "заходах."),
            }),
            ("share", False, {
                "en": ("Celebrating what people seeking sanctuary bring",
                       "Share stories of the contribution people seeking sanctuary make to "
                       "Lewisham, with their consent, for example during Refugee Week in June."),
                "ar": ("الاحتفاء بما يقدّمه الباحثون عن الملاذ",
                       "شاركوا قصصًا عن مساهمة الباحثين عن الملاذ في لويشام، بموافقتهم، مثلًا "
                       "خلال أسبوع اللاجئين في شهر يونيو/حزيران."),
                "uk": ("Відзначаємо внесок людей, які шукають притулку",
                       "Діліться історіями про внесок людей, які шукають притулку, у життя "
                       "Льюїшема (за їхньою згодою), наприклад у червні, коли проходить Тиждень "
                       "біженців."),
            }),
        ],
    },
    {
        "key": "community",
        "name": {"en": "Community organisation", "ar": "منظمة مجتمعية",
                 "uk": "Громадська організація"},
        "kinds": ["charity", "faith", "school", "public_service", "library_arts", "health", "other"],
        "criteria": [
            ("learn", True, {
                "en": ("A named sanctuary contact",
                       "Name one person in your organisation whom members, volunteers and the "
                       "people you serve can ask about sanctuary. They should have had training "
                       "on the rights and experiences of people seeking sanctuary, or be booked "
                       "on it."),
                "ar": ("شخص محدّد للتواصل بشأن الملاذ",
                       "حدّدوا شخصًا واحدًا في منظمتكم يمكن للأعضاء والمتطوعين والأشخاص الذين "
                       "تخدمونهم أن يسألوه عن الملاذ. ينبغي أن يكون قد تلقّى تدريبًا على حقوق "
                       "الباحثين عن الملاذ وتجاربهم، أو أن يكون مسجّلًا في هذا التدريب."),
                "uk": ("Контактна особа з питань притулку",
                       "Призначте одну людину у вашій організації, до якої члени, волонтери та "
                       "люди, яким ви допомагаєте, можуть звернутися з питаннями про притулок. "
                       "Ця людина має пройти навчання про права та досвід людей, які шукають "
                       "притулку, або бути записаною на нього."),
            }),
            ("learn", True, {
                "en": ("Your whole organisation understands what seeking sanctuary means",
                       "Staff, volunteers and members take part in awareness sessions. People "
                       "with lived experience of seeking sanctuary help to shape or lead them."),
                "ar": ("منظمتكم بأكملها تفهم معنى البحث عن الملاذ",
                       "يشارك الموظفون والمتطوعون والأعضاء في جلسات توعوية. ويساعد أشخاص لديهم "
                       "تجربة شخصية في البحث عن الملاذ في إعداد هذه الجلسات أو تقديمها."),
                "uk": ("Уся ваша організація розуміє, що означає шукати притулку",
                       "Працівники, волонтери та члени організації беруть участь в інформаційних "
                       "зустрічах. Люди, які самі мають досвід пошуку притулку, допомагають їх "
                       "готувати або проводити."),
            }),
            ("embed", False, {
                "en": ("Your activities welcome people seeking sanctuary",
                       "Make it easy to take part: for example free or low-cost places, help "
                       "with travel, interpreting, and never asking for documents you do not "
                       "need."),
                "ar": ("أنشطتكم ترحّب بالباحثين عن الملاذ",
                       "اجعلوا المشاركة سهلة: مثلًا من خلال أماكن مجانية أو منخفضة التكلفة، "
                       "والمساعدة في التنقّل، والترجمة الفورية، وعدم طلب أي وثائق لا تحتاجون "
                       "إليها."),
                "uk": ("Ваші заходи гостинні для людей, які шукають притулку",
                       "Зробіть участь простою: наприклад, безкоштовні або недорогі місця, "
                       "допомога з проїздом, усний переклад, і ніколи не просіть документів, які "
                       "вам не потрібні."),
            }),
            ("embed", True, {
                "en": ("People seeking sanctuary help to run your organisation",
                       "Involve people seeking sanctuary in your committees, planning and "
                       "volunteering, so that they help decide what you do."),
                "ar": ("الباحثون عن الملاذ يساعدون في إدارة منظمتكم",
                       "أشركوا الباحثين عن الملاذ في لجانكم وتخطيطكم وعملكم التطوعي، حتى يساعدوا "
                       "في تحديد ما تقومون به."),
                "uk": ("Люди, які шукають притулку, допомагають керувати вашою організацією",
                       "Залучайте людей, які шукають притулку, до ваших комітетів, планування та "
                       "волонтерства, щоб вони допомагали вирішувати, що ви робите."),
            }),
            ("embed", False, {
                "en": ("Building friendships between people",
                       "Create chances for local people and people seeking sanctuary to meet, "
                       "share time and get to know each other, for example through shared meals, "
                       "groups or partnerships with refugee organisations."),
                "ar": ("بناء صداقات بين الناس",
                       "أتيحوا فرصًا لسكان المنطقة والباحثين عن الملاذ كي يلتقوا ويقضوا وقتًا "
                       "معًا ويتعرّفوا على بعضهم، مثلًا من خلال وجبات مشتركة أو مجموعات أو "
                       "شراكات مع منظمات اللاجئين."),
                "uk": ("Будуємо дружбу між людьми",
                       "Створюйте можливості для місцевих жителів і людей, які шукають притулку, "
                       "зустрічатися, проводити час разом і знайомитися одне з одним, наприклад "
                       "через спільні обіди, групи або партнерство з організаціями, що "
                       "підтримують біженців."),
            }),
            ("share", True, {
                "en": ("Telling people about your commitment",
                       "Say publicly that you have signed the pledge and what you are doing: on "
                       "your website, in newsletters, at services or meetings, or on social "
                       "media."),
                "ar": ("إخبار الناس بالتزامكم",
                       "أعلنوا أنكم وقّعتم التعهّد وأخبروا الناس بما تقومون به: على موقعكم "
                       "الإلكتروني، أو في النشرات الإخبارية، أو في لقاءاتكم واجتماعاتكم، أو على "
                       "وسائل التواصل الاجتماعي."),
                "uk": ("Розповідайте людям про свою відданість справі",
                       "Публічно повідомте, що ви підписали зобов'язання, і розкажіть, що ви "
                       "робите: на вашому вебсайті, у розсилках, під час служб чи зустрічей або "
                       "в соціальних мережах."),
            }),
            ("share", False, {
                "en": ("Encouraging others to become places of sanctuary",
                       "Share what you have learned with other organisations, and encourage "
                       "your partners to sign the pledge and work towards an award."),
                "ar": ("تشجيع الآخرين على أن يصبحوا أماكن للملاذ",
                       "شاركوا ما تعلّمتموه مع المنظمات الأخرى، وشجّعوا شركاءكم على توقيع "
                       "التعهّد والعمل من أجل الحصول على جائزة."),
                "uk": ("Заохочуємо інших ставати місцями притулку",
                       "Діліться своїм досвідом з іншими організаціями та заохочуйте ваших "
                       "партнерів підписати зобов'язання і працювати над отриманням нагороди."),
            }),
        ],
    },
]


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Stream(Base):
        key = CharField(max_length=32, unique=True)
        name = TextField()
        position = IntegerField(default=0)

    class StreamAssignment(Base):
        kind = CharField(max_length=32, unique=True)
        stream = ForeignKeyField(Stream, backref="assignments", on_delete="RESTRICT")

    class Criterion(Base):
        stream = ForeignKeyField(Stream, backref="criteria", on_delete="RESTRICT")
        principle = CharField(max_length=16)
        title = TextField()
        guidance = TextField()
        evidence_required = BooleanField(default=False)
        position = IntegerField(default=0)
        retired_at = DateTimeField(null=True)
        updated_at = DateTimeField(default=datetime.datetime.utcnow)

    def dumps(value):
        return json.dumps({k: v for k, v in value.items() if v}, ensure_ascii=False, sort_keys=True)

    db.create_tables([Stream, StreamAssignment, Criterion])
    for position, spec in enumerate(STREAMS):
        stream = Stream.create(key=spec["key"], name=dumps(spec["name"]), position=position)
        for kind in spec["kinds"]:
            StreamAssignment.create(kind=kind, stream=stream)
        for n, (principle, evidence_required, texts) in enumerate(spec["criteria"]):
            Criterion.create(
                stream=stream, principle=principle, evidence_required=evidence_required,
                position=n,
                title=dumps({lang: pair[0] for lang, pair in texts.items()}),
                guidance=dumps({lang: pair[1] for lang, pair in texts.items()}),
            )


def down(migrator, db):
    for table in ("criterion", "stream_assignment", "stream"):
        db.execute_sql(f'DROP TABLE "{table}"')
