#!/usr/bin/env python3
"""Generates the mail-client corpus for strip-salutations: Tests/StripSalutationsTests/Fixtures/mail_corpus.jsonl.

Each case is built from a template of how a mail client writes replies, forwards, header blocks and
footers (Gmail web/Android/iOS, Outlook desktop/web/iOS/Android and its localized forms, Apple Mail,
Thunderbird, Yahoo, Zoho, ProtonMail, Samsung, HTC, BlackBerry, Lotus Notes), with dates formatted by
CLDR (PyPI `babel`) in the client's language, and neutral body sentences; negatives are prose that looks
like mail (news quoting what someone wrote, itineraries and ranges with From:/To:, sentences starting
with "Sent from" or "Regards", titles that start with a greeting word). The expected text is known by
construction. Cases: {"id","lang","client","kind","text","expected","metadata"?}.

The templates follow the clients' documented/observed formats; they are written for this project and
are not the fixtures of any reply-parser project (talon and email-reply-parser suites are held out).

usage: python3 scripts/build_mail_corpus.py [OUTPUT]   (pip install babel)
"""
import datetime as dt
import json
import random
import sys

from babel.dates import format_date, format_datetime, format_time

RNG = random.Random(12)
NAMES = ["Ana Ruiz", "Jonas Becker", "Claire Martin", "Marco Rossi", "Sofia Lindqvist", "Piotr Nowak", "Ivan Petrov",
         "Yuki Tanaka", "Li Wei", "Min-jun Kim", "Emma de Vries", "Lars Hansen", "Mehmet Yılmaz", "Aino Virtanen",
         "João Silva", "Petra Novák"]
DOMAINS = ["example.com", "example.org", "mail.example.net", "corp.example.de"]

# Two neutral body paragraphs per language (content only: no greeting, no sign-off).
BODIES = {
    "en": ["The quarterly figures are attached and the board meets on Thursday.", "Shipping resumes next week after the port reopens."],
    "de": ["Die Quartalszahlen sind im Anhang, der Vorstand tagt am Donnerstag.", "Der Versand läuft nächste Woche wieder an."],
    "fr": ["Les chiffres du trimestre sont en pièce jointe et le conseil se réunit jeudi.", "Les livraisons reprennent la semaine prochaine."],
    "es": ["Las cifras del trimestre van adjuntas y la junta se reúne el jueves.", "Los envíos se reanudan la próxima semana."],
    "it": ["I dati del trimestre sono in allegato e il consiglio si riunisce giovedì.", "Le spedizioni riprendono la prossima settimana."],
    "pt": ["Os números do trimestre seguem em anexo e a diretoria se reúne na quinta.", "As entregas voltam na próxima semana."],
    "nl": ["De kwartaalcijfers zitten in de bijlage en het bestuur vergadert donderdag.", "De verzending gaat volgende week weer van start."],
    "da": ["Kvartalstallene er vedhæftet, og bestyrelsen mødes torsdag.", "Forsendelserne genoptages i næste uge."],
    "sv": ["Kvartalssiffrorna är bifogade och styrelsen möts på torsdag.", "Leveranserna återupptas nästa vecka."],
    "nb": ["Kvartalstallene er vedlagt, og styret møtes torsdag.", "Forsendelsene starter igjen neste uke."],
    "fi": ["Neljännesvuoden luvut ovat liitteenä ja hallitus kokoontuu torstaina.", "Toimitukset jatkuvat ensi viikolla."],
    "pl": ["Wyniki kwartalne są w załączniku, a zarząd zbiera się w czwartek.", "Wysyłka rusza ponownie w przyszłym tygodniu."],
    "cs": ["Čtvrtletní čísla jsou v příloze a představenstvo zasedá ve čtvrtek.", "Expedice se obnoví příští týden."],
    "ru": ["Квартальные цифры во вложении, совет собирается в четверг.", "Отгрузки возобновятся на следующей неделе."],
    "tr": ["Çeyrek rakamları ekte, yönetim kurulu perşembe toplanıyor.", "Sevkiyatlar gelecek hafta yeniden başlıyor."],
    "ja": ["四半期の数字を添付しました。取締役会は木曜日です。", "出荷は来週再開します。"],
    "zh": ["季度数据已附上，董事会周四开会。", "发货将于下周恢复。"],
    "ko": ["분기 실적을 첨부했습니다. 이사회는 목요일에 열립니다.", "배송은 다음 주에 재개됩니다."],
}
GREETINGS = {"en": "Hi {first},", "de": "Hallo {first},", "fr": "Bonjour {first},", "es": "Hola {first},", "it": "Ciao {first},",
             "pt": "Olá {first},", "nl": "Hoi {first},", "da": "Hej {first},", "sv": "Hej {first},", "nb": "Hei {first},",
             "fi": "Hei {first},", "pl": "Cześć {first},", "cs": "Ahoj {first},", "ru": "Привет, {first}!", "tr": "Merhaba {first},",
             "ja": "{first}様", "zh": "{first}，你好！", "ko": "안녕하세요 {first}님,"}
SIGNOFFS = {"en": "Best regards,", "de": "Viele Grüße", "fr": "Cordialement,", "es": "Saludos,", "it": "Cordiali saluti,",
            "pt": "Atenciosamente,", "nl": "Met vriendelijke groet,", "da": "Venlig hilsen", "sv": "Med vänliga hälsningar", "nb": "Med vennlig hilsen",
            "fi": "Ystävällisin terveisin", "pl": "Pozdrawiam", "cs": "S pozdravem", "ru": "С уважением,", "tr": "Saygılarımla,",
            "ja": "よろしくお願いいたします。", "zh": "此致敬礼", "ko": "감사합니다."}
LOCALE = {"nb": "nb", "zh": "zh_Hans", "ko": "ko"}

# Gmail reply attributions by language: (template with {date}, {time}, {name}, {email}; date and time skeletons).
GMAIL = {
    "en": ("On {date} at {time} {name} <{email}> wrote:", "EEE, MMM d, y", "h:mm a"),
    "de": ("Am {date} um {time} Uhr schrieb {name} <{email}>:", "EEE., d. MMM y", "HH:mm"),
    "fr": ("Le {date} à {time}, {name} <{email}> a écrit :", "EEE d MMM y", "HH:mm"),
    "es": ("El {date}, a las {time}, {name} (<{email}>) escribió:", "EEE, d MMM y", "H:mm"),
    "it": ("Il giorno {date} alle ore {time} {name} <{email}> ha scritto:", "EEE d MMM y", "HH:mm"),
    "pt": ("Em {date} às {time}, {name} <{email}> escreveu:", "EEE., d 'de' MMM 'de' y", "HH:mm"),
    "nl": ("Op {date} om {time} schreef {name} <{email}>:", "EEE d MMM y", "HH:mm"),
    "da": ("Den {date} kl. {time} skrev {name} <{email}>:", "EEE. d. MMM y", "HH.mm"),
    "sv": ("Den {date} kl {time} skrev {name} <{email}>:", "EEE d MMM y", "HH:mm"),
    "nb": ("{date} kl. {time} skrev {name} <{email}>:", "EEE. d. MMM y", "HH:mm"),
    "fi": ("{name} ({email}) kirjoitti {date} klo {time}:", "EEE d.M.y", "H.mm"),
    "pl": ("{date} o {time} {name} <{email}> napisał(a):", "EEE, d MMM y", "HH:mm"),
    "cs": ("{date} v {time} odesílatel {name} <{email}> napsal:", "EEE d. M. y", "H:mm"),
    "ru": ("{date} г. в {time}, {name} <{email}>:", "EEE, d MMM y", "HH:mm"),
    "tr": ("{name} <{email}>, {date} tarihinde şunu yazdı:", "d MMM y EEE HH:mm", None),
    "ja": ("{date} {time} {name} <{email}>:", "y年M月d日(EEE)", "H:mm"),
    "zh": ("{name} <{email}> 于{date} {time}写道：", "y年M月d日EEEE", "HH:mm"),
    "ko": ("{date} {time}, {name} <{email}>님이 작성:", "y년 M월 d일 (EEE)", "a h:mm"),
}
# Outlook header block field labels by language: separator, from, sent, to, cc, subject, reply prefix.
OUTLOOK = {
    "en": ("-----Original Message-----", "From", "Sent", "To", "Cc", "Subject", "RE", "EEEE, MMMM d, y h:mm a"),
    "de": ("-----Ursprüngliche Nachricht-----", "Von", "Gesendet", "An", "Cc", "Betreff", "AW", "EEEE, d. MMMM y HH:mm"),
    "fr": ("-----Message d'origine-----", "De", "Envoyé", "À", "Cc", "Objet", "RE", "EEEE d MMMM y HH:mm"),
    "es": ("-----Mensaje original-----", "De", "Enviado el", "Para", "CC", "Asunto", "RE", "EEEE, d 'de' MMMM 'de' y H:mm"),
    "it": ("-----Messaggio originale-----", "Da", "Inviato", "A", "Cc", "Oggetto", "R", "EEEE d MMMM y HH:mm"),
    "pt": ("-----Mensagem original-----", "De", "Enviada em", "Para", "Cc", "Assunto", "RE", "EEEE, d 'de' MMMM 'de' y HH:mm"),
    "nl": ("-----Oorspronkelijk bericht-----", "Van", "Verzonden", "Aan", "CC", "Onderwerp", "RE", "EEEE d MMMM y HH:mm"),
    "da": ("-----Oprindelig meddelelse-----", "Fra", "Sendt", "Til", "Cc", "Emne", "SV", "EEEE d. MMMM y HH:mm"),
    "sv": ("-----Ursprungligt meddelande-----", "Från", "Skickat", "Till", "Kopia", "Ämne", "SV", "'den' d MMMM y HH:mm"),
    "nb": ("-----Opprinnelig melding-----", "Fra", "Sendt", "Til", "Kopi", "Emne", "SV", "EEEE d. MMMM y HH:mm"),
    "fi": ("-----Alkuperäinen viesti-----", "Lähettäjä", "Lähetetty", "Vastaanottaja", "Kopio", "Aihe", "VS", "EEEE d. MMMM y H.mm"),
    "pl": ("-----Wiadomość oryginalna-----", "Od", "Wysłano", "Do", "DW", "Temat", "ODP", "EEEE, d MMMM y HH:mm"),
    "cs": ("-----Původní zpráva-----", "Od", "Odesláno", "Komu", "Kopie", "Předmět", "RE", "EEEE d. MMMM y H:mm"),
    "ru": ("-----Исходное сообщение-----", "От", "Отправлено", "Кому", "Копия", "Тема", "RE", "EEEE, d MMMM y г. H:mm"),
    "tr": ("-----Orijinal Mesaj-----", "Kimden", "Gönderildi", "Kime", "Bilgi", "Konu", "YNT", "d MMMM y EEEE HH:mm"),
    "ja": ("-----Original Message-----", "差出人", "送信日時", "宛先", "CC", "件名", "RE", "y年M月d日 H:mm"),
    "zh": ("-----原始邮件-----", "发件人", "发送时间", "收件人", "抄送", "主题", "答复", "y年M月d日 H:mm"),
    "ko": ("-----원본 메시지-----", "보낸 사람", "보낸 날짜", "받는 사람", "참조", "제목", "RE", "y년 M월 d일 EEEE a h:mm"),
}
FORWARD_SEPARATOR = {
    "en": "---------- Forwarded message ---------", "de": "---------- Weitergeleitete Nachricht ---------",
    "fr": "---------- Forwarded message ---------", "es": "---------- Mensaje reenviado ---------",
    "it": "---------- Messaggio inoltrato ---------", "pt": "---------- Mensagem encaminhada ---------",
    "nl": "---------- Doorgestuurd bericht ---------", "da": "---------- Videresendt besked ----------",
    "sv": "---------- Vidarebefordrat meddelande ---------", "nb": "---------- Videresendt melding ----------",
    "fi": "---------- Välitetty viesti ----------", "pl": "---------- Przekazana wiadomość ---------",
    "cs": "---------- Přeposlaná zpráva ---------", "ru": "---------- Пересылаемое сообщение ---------",
    "tr": "---------- İletilen mesaj ---------", "ja": "---------- Forwarded message ---------",
    "zh": "---------- 转发的邮件 ---------", "ko": "---------- 전달된 메시지 ---------",
}
APPLE_FORWARD = {"en": "Begin forwarded message:", "de": "Anfang der weitergeleiteten Nachricht:", "fr": "Début du message réexpédié :",
                 "es": "Inicio del mensaje reenviado:", "it": "Inizio messaggio inoltrato:", "pt": "Início da mensagem encaminhada:",
                 "nl": "Begin doorgestuurd bericht:", "sv": "Vidarebefordrat meddelande:", "da": "Videresendt besked:"}
OUTLOOK_APP = {  # "Get Outlook for iOS/Android" footers by language
    "en": "Get Outlook for {os}", "de": "Outlook für {os} herunterladen", "fr": "Obtenir Outlook pour {os}", "es": "Obtener Outlook para {os}",
    "it": "Scarica Outlook per {os}", "pt": "Obter o Outlook para {os}", "nl": "Outlook voor {os} downloaden", "da": "Hent Outlook til {os}",
    "sv": "Skaffa Outlook för {os}", "nb": "Få Outlook for {os}", "fi": "Hanki Outlook for {os}", "pl": "Pobierz aplikację Outlook dla systemu {os}",
    "cs": "Stáhněte si Outlook pro {os}", "ru": "Получить Outlook для {os}", "tr": "{os} için Outlook'u edinin", "ja": "{os} 版 Outlook を入手",
    "zh": "获取 {os} 版 Outlook", "ko": "{os}용 Outlook 받기",
}
IPHONE = {"en": "Sent from my iPhone", "de": "Von meinem iPhone gesendet", "fr": "Envoyé de mon iPhone", "es": "Enviado desde mi iPhone",
          "it": "Inviato da iPhone", "pt": "Enviado do meu iPhone", "nl": "Verzonden vanaf mijn iPhone", "da": "Sendt fra min iPhone",
          "sv": "Skickat från min iPhone", "nb": "Sendt fra min iPhone", "fi": "Lähetetty iPhonesta", "pl": "Wysłane z iPhone'a",
          "cs": "Odesláno z iPhonu", "ru": "Отправлено с iPhone", "tr": "iPhone'umdan gönderildi", "ja": "iPhoneから送信",
          "zh": "发自我的iPhone", "ko": "iPhone에서 보냄"}
OTHER_DEVICES = ["Sent from my Samsung Galaxy smartphone.", "Sent from my BlackBerry 10 smartphone.", "Sent from my HTC",
                 "Sent from Mailbox for iPhone", "Sent with Proton Mail secure email.", "Sent from Yahoo Mail on Android",
                 "Sent from Zoho Mail", "Sent from Mail for Windows", "Sent from my Huawei phone", "Sent from my Galaxy smartphone!"]


def fmt(pattern, when, lang):
    return format_datetime(when, pattern, locale=LOCALE.get(lang, lang))


def person():
    name = RNG.choice(NAMES)
    user = name.split()[0].lower().replace("ı", "i").replace("ã", "a").replace("-", "")
    return name, f"{user}@{RNG.choice(DOMAINS)}"


def when():
    return dt.datetime(2024, RNG.randint(1, 12), RNG.randint(1, 28), RNG.randint(7, 19), RNG.choice([0, 5, 12, 30, 45]))


def quoted(lang):
    return "\n".join("> " + line for line in BODIES[lang][1].split("\n"))


cases = []


def add(cid, lang, client, kind, text, expected, metadata=None):
    case = {"id": cid, "lang": lang, "client": client, "kind": kind, "text": text, "expected": expected}
    if metadata:
        case["metadata"] = metadata
    cases.append(case)


def gmail_attribution(lang, name, email, moment):
    tpl, dpat, tpat = GMAIL[lang]
    date = fmt(dpat, moment, lang)
    time = fmt(tpat, moment, lang) if tpat else ""
    return tpl.format(date=date, time=time, name=name, email=email)


def positives():
    for lang in BODIES:
        body = BODIES[lang][0]
        name, email = person()
        first = name.split()[0]
        moment = when()
        # Gmail web: attribution on one line, quote below.
        add(f"{lang}/gmail-reply", lang, "gmail-web", "positive", f"{body}\n\n{gmail_attribution(lang, name, email, moment)}\n\n{quoted(lang)}\n", body)
        # Gmail (plain text export): the address wraps after "<" and the verb lands on a line of its own.
        attribution = gmail_attribution(lang, name, email, moment)
        if f"<{email}>" in attribution:
            head, tail = attribution.split(f"<{email}>", 1)
            wrapped = f"{head.rstrip()}\n<{email}>{tail}" if RNG.random() < 0.5 else f"{head}<\n{email}>{tail}"
            add(f"{lang}/gmail-wrapped", lang, "gmail-android", "positive", f"{body}\n\n{wrapped}\n{quoted(lang)}", body)
        # Greeting + sign-off + reply (Gmail iOS).
        greeting = GREETINGS[lang].format(first=first)
        signoff = SIGNOFFS[lang]
        me = RNG.choice(NAMES)
        add(f"{lang}/gmail-ios-full", lang, "gmail-ios", "positive",
            f"{greeting}\n\n{body}\n\n{signoff}\n{me}\n\n{gmail_attribution(lang, name, email, moment)}\n{quoted(lang)}", body)
        # Outlook desktop, localized.
        sep, f_from, f_sent, f_to, f_cc, f_subj, re_prefix, dpat = OUTLOOK[lang]
        block = f"{f_from}: {name} <{email}>\n{f_sent}: {fmt(dpat, moment, lang)}\n{f_to}: {me} <team@{RNG.choice(DOMAINS)}>\n{f_subj}: {re_prefix}: Q3"
        add(f"{lang}/outlook-original", lang, "outlook-desktop", "positive", f"{body}\n\n{sep}\n{block}\n\n{BODIES[lang][1]}", body)
        add(f"{lang}/outlook-rule", lang, "outlook-web", "positive", f"{body}\n\n________________________________\n{block}\n\n{BODIES[lang][1]}", body)
        # Outlook with no space after the colon (some localized builds) and an indented block.
        tight = "\n".join(line.replace(": ", ":", 1) for line in block.split("\n"))
        add(f"{lang}/outlook-tight", lang, "outlook-localized", "positive", f"{body}\n\n{sep}\n{tight}\n\n{BODIES[lang][1]}", body)
        indented = "\n".join("    " + line for line in block.split("\n"))
        add(f"{lang}/outlook-indented", lang, "outlook-desktop", "positive", f"{body}\n\n{indented}\n\n{BODIES[lang][1]}", body)
        # Outlook iOS/Android: app footer with a link, then the header block.
        os_name = RNG.choice(["iOS", "Android"])
        footer = OUTLOOK_APP[lang].format(os=os_name) + ("<https://aka.ms/o0ukef>" if os_name == "iOS" else "<https://aka.ms/ghei36>")
        add(f"{lang}/outlook-mobile", lang, "outlook-" + os_name.lower(), "positive",
            f"{body}\n\n{footer}\n________________________________\n{block}\n\n{BODIES[lang][1]}", body)
        # Apple Mail / iPhone footer.
        add(f"{lang}/iphone-footer", lang, "apple-mail", "positive", f"{body}\n\n{IPHONE[lang]}", body)
        # Forward (Gmail): the forwarded body is the content; its greeting and sign-off go.
        note = {"en": "FYI, see below.", "de": "Zur Info, siehe unten.", "fr": "Pour info, voir ci-dessous."}.get(lang, "FYI")
        fwd_block = f"{f_from}: {name} <{email}>\n{f_sent}: {fmt(dpat, moment, lang)}\n{f_subj}: Fwd: Q3\n{f_to}: {me} <{me.split()[0].lower()}@{RNG.choice(DOMAINS)}>"
        add(f"{lang}/gmail-forward", lang, "gmail-web", "positive",
            f"{note}\n\n{FORWARD_SEPARATOR[lang]}\n{fwd_block}\n\n\n{greeting}\n\n{body}\n\n{signoff}\n{name}\n",
            f"{note}\n\n{body}")
        if lang in APPLE_FORWARD:
            add(f"{lang}/apple-forward", lang, "apple-mail", "positive",
                f"{APPLE_FORWARD[lang]}\n\n{fwd_block}\n\n{greeting}\n\n{body}\n\n{signoff}\n{name}", body)
        # Exported mail: a leading header block becomes metadata; the greeting goes.
        subject = {"en": "Quarterly figures", "de": "Quartalszahlen", "fr": "Chiffres du trimestre", "es": "Cifras del trimestre"}.get(lang, "Q3")
        lead = f"From: {name} <{email}>\nTo: {me} <{me.split()[0].lower()}@example.com>\nSubject: {subject}\nDate: {format_datetime(moment, 'EEE, d MMM y HH:mm:ss', locale='en')} +0100\n\n"
        add(f"{lang}/exported-header", lang, "exported", "positive", f"{lead}{greeting}\n\n{body}\n\n{signoff}\n{name}", body,
            {"from": f"{name} <{email}>", "subject": subject, "title": subject})
    # Clients that are not localized here, in English.
    for n in range(6):
        body = BODIES["en"][n % 2]
        name, email = person()
        moment = when()
        zoho = f"---- On {format_datetime(moment, 'EEE, dd MMM y HH:mm:ss', locale='en')} +0100 {email} wrote ----"
        add(f"en/zoho-{n}", "en", "zoho", "positive", f"{body}\n\n{zoho}\n\n{quoted('en')}", body)
        proton = f"------- Original Message -------\nOn {format_datetime(moment, 'EEEE, MMMM d, y h:mm a', locale='en')}, {name} <{email}> wrote:"
        add(f"en/proton-{n}", "en", "protonmail", "positive", f"{body}\n\nSent with Proton Mail secure email.\n\n{proton}\n\n{quoted('en')}", body)
        yahoo = f"On {format_datetime(moment, 'EEEE, MMMM d, y, h:mm a', locale='en')}, {name} <{email}> wrote:"
        add(f"en/yahoo-{n}", "en", "yahoo", "positive", f"{body}\n\nSent from Yahoo Mail on Android\n\n{yahoo}\n\n{quoted('en')}", body)
        samsung = f"-------- Original message --------\nFrom: {name} <{email}>\nDate: {format_datetime(moment, 'dd/MM/y HH:mm', locale='en')} (GMT+01:00)\nTo: team@example.com\nSubject: Re: Q3"
        add(f"en/samsung-{n}", "en", "samsung", "positive", f"{body}\n\n{OTHER_DEVICES[n % len(OTHER_DEVICES)]}\n\n{samsung}\n\n{BODIES['en'][1]}", body)
        htc = f"----- Reply message -----\nFrom: \"{name}\" <{email}>\nTo: team@example.com\nSubject: Q3\nDate: {format_datetime(moment, 'EEE, MMM d, y HH:mm', locale='en')}"
        add(f"en/htc-{n}", "en", "htc", "positive", f"{body}\n\nSent from my HTC\n\n{htc}\n\n{BODIES['en'][1]}", body)
        bb = f"From: {name} <{email}>\nSent: {format_datetime(moment, 'EEEE, MMMM d, y h:mm a', locale='en')}\nTo: team@example.com\nReply To: {email}\nSubject: Re: Q3"
        add(f"en/blackberry-{n}", "en", "blackberry", "positive", f"{body}\n\nSent from my BlackBerry 10 smartphone.\n{bb}\n\n{BODIES['en'][1]}", body)
        notes = f"{name} <{email}>\n{format_datetime(moment, 'dd/MM/y HH:mm', locale='en')}\n\nTo\nteam@example.com\n\ncc\n\nSubject\nQ3"
        thunder = f"On {format_datetime(moment, 'dd/MM/y HH:mm', locale='en')}, {name} wrote:"
        add(f"en/thunderbird-{n}", "en", "thunderbird", "positive", f"{body}\n\n{thunder}\n{quoted('en')}", body)
        apple = f"On {format_datetime(moment, 'MMM d, y', locale='en')}, at {format_datetime(moment, 'h:mm a', locale='en')}, {name} <{email}> wrote:"
        add(f"en/apple-{n}", "en", "apple-mail", "positive", f"{body}\n\n{apple}\n\n{quoted('en')}", body)
        dashed = f"-----On {format_datetime(moment, 'dd/MM/y hh:mm a', locale='en')}, {name} wrote------"
        add(f"en/dash-wrapped-{n}", "en", "webmail", "positive", f"{body}\n\n{dashed}\n\n{BODIES['en'][1]}", body)
        verbless = f"{format_datetime(moment, 'y/M/d', locale='en')} {name} <{email}>"
        add(f"en/date-first-{n}", "en", "gmail-legacy", "positive", f"{body}\n\n{verbless}\n\n{quoted('en')}", body)
        mailing = f"_______________________________________________\nlaunch-team mailing list\nlaunch-team@lists.example.org\nhttps://lists.example.org/mailman/listinfo/launch-team"
        add(f"en/mailing-list-{n}", "en", "mailman", "positive", f"{body}\n\n{mailing}", body)
        dash_name = RNG.choice(["-Ana.", "-Jonas", "-Claire", "~Marco"])
        add(f"en/dash-name-{n}", "en", "plain", "positive", f"{body}\n\n{dash_name}", body)
        add(f"en/via-mobile-{n}", "en", "plain", "positive", f"{body}\n\n{name.split()[0]}\nvia mobile", body)
        opener = RNG.choice(["Allo! Quick update:", "Hey man! All good?", "Morning all!"])
        add(f"en/first-line-greeting-{n}", "en", "plain", "positive", f"{opener} {body}", (opener.split("!", 1)[1].strip() + " " + body).strip())
        add(f"en/addressee-only-{n}", "en", "plain", "positive", f"{name.split()[0]},\n\n{body}\n\nThanks in advance,\n{RNG.choice(NAMES)}", body)
        disclaimer = RNG.choice([
            "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and intended solely for the addressee.",
            "Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte den Absender.",
            "Ce message et ses pièces jointes sont confidentiels et destinés exclusivement à leurs destinataires.",
            "Este mensaje y sus anexos son confidenciales y para uso exclusivo de su destinatario.",
        ])
        add(f"en/disclaimer-{n}", "en", "outlook-desktop", "positive", f"{body}\n\n{SIGNOFFS['en']}\n{name}\n\n{disclaimer}", body)


NEGATIVES = [
    ("news-wrote-colon", "en", "In a letter dated 5 March 2024, the minister wrote:\n\"We will not raise the tariff this year.\"\nThe ministry confirmed the letter on Tuesday."),
    ("news-on-date-wrote", "en", "On 3 May, the senator wrote:\n\"The bill is dead.\"\nHer office did not reply."),
    ("news-on-year-wrote", "en", "On May 2, 2024, the committee wrote:\n\"We have reviewed the evidence.\"\nThe report runs to 40 pages."),
    ("news-wrote-de", "de", "Am Dienstag schrieb die Ministerin:\n\"Die Zölle bleiben.\"\nDas Ministerium bestätigte den Brief."),
    ("itinerary", "en", "From: Hanoi\nTo: Da Nang\nDate: 5/11\nSeats: 2A and 2B\n\nThe train leaves at 9 from platform 3."),
    ("range", "en", "Office hours\nFrom: 9:00\nTo: 17:00\nClosed on public holidays."),
    ("itinerary-de", "de", "Von: Berlin\nNach: Hamburg\nDatum: 5.11.\n\nDer Zug fährt um 9 Uhr."),
    ("sent-from-sentence", "en", "The parcel arrived on Monday.\nSent from Lisbon in 1921, the letter reached her a year later."),
    ("regards-sentence", "en", "The talks ended without a deal.\nRegards to the hosts were passed on by the ambassador before he left."),
    ("title-hello", "en", "Hello, Dolly! returns to Broadway next spring with a new cast."),
    ("title-hey-jude", "en", "Hey Jude was recorded in 1968 at Trident Studios."),
    ("title-gma", "en", "Good Morning America drew its best ratings in a decade."),
    ("title-hola", "es", "Hola Mundo, la conferencia de desarrolladores, abre el lunes en Madrid."),
    ("title-bonjour", "fr", "Bonjour Tristesse reste le roman le plus vendu de Sagan."),
    ("title-hallo", "de", "Hallo Welt ist das erste Programm vieler Entwickler."),
    ("dashes-heading", "en", "Results\n---- Round one ----\nThe home side won 3-1."),
    ("rule-date", "en", "Minutes of the meeting\n======\nTuesday, 5 March 2024\nAttendees agreed on the budget."),
    ("quote-in-prose", "en", "He wrote: \"see you soon\" and left.\nNobody saw him again."),
    ("address-line", "en", "Contact the press office at press@example.org for accreditation.\nDeadline: Friday 10:00."),
    ("from-subject-prose", "en", "Subject: the budget.\nThe council met on Tuesday and agreed on the budget for next year."),
    ("forwarded-word", "en", "The request was forwarded to the ministry on Monday.\nIt has not replied."),
    ("original-message-word", "en", "The original message was deleted by the sender.\nInvestigators recovered a copy."),
    ("name-comma-prose", "en", "However,\nthe plan changed at the last minute."),
    ("dateline", "en", "WASHINGTON,\nMarch 5 (Reuters) - The Senate passed the bill."),
    ("via-source", "en", "The storm hit the coast on Sunday.\nvia Reuters"),
    ("ps-line", "en", "The shop opens at nine.\nP.S. the side door is closed."),
    ("morning-traffic", "en", "Morning traffic was heavy on the ring road.\nPolice reported two accidents."),
    ("hi-tech", "en", "Hi-tech exports rose 5% in March.\nImports fell."),
    ("dear-prose", "en", "Dear readers have written in about the crossword.\nWe will fix the grid."),
    ("cheers-prose", "en", "The council approved the plan.\nCheers erupted in the public gallery."),
    ("thanks-prose", "en", "The season ended well.\nThanks to a late goal, they stayed up."),
    ("thanks-in-advance-prose", "en", "The festival sold out.\nThanks in advance of the opening, the city added trams."),
    ("at-your-service-title", "en", "At Your Service is a new series about hotel staff.\nIt starts in May."),
    ("get-outlook-prose", "en", "Analysts expect stronger sales.\nGet Outlook for iOS now ranks in the top ten apps, the report said."),
    ("japanese-date", "ja", "2024年3月5日(火)に会議があります。\n議題は予算です。"),
    ("chinese-wrote", "zh", "他在信中写道：\n“我们不会提高关税。”\n部里确认了这封信。"),
    ("russian-date", "ru", "Во вторник, 5 марта 2024 г., министр написал:\n«Пошлины останутся».\nМинистерство подтвердило письмо."),
    ("french-wrote", "fr", "Le 5 mars 2024, le ministre a écrit :\n« Les tarifs ne changeront pas. »\nLe ministère a confirmé la lettre."),
    ("german-von", "de", "Von: Montag bis Freitag\nBis: 18 Uhr\nDie Ausstellung ist geöffnet."),
    ("spanish-de", "es", "De: Madrid\nA: Sevilla\nEl tren sale a las nueve."),
    ("date-header-newsletter", "en", "Tuesday, 5 March 2024\nThe central bank held rates at 4%."),
    ("mailing-list-word", "en", "The mailing list grew to 4,000 members.\nOrganisers were pleased."),
    ("unsubscribe-word", "en", "Readers can unsubscribe at any time, the company said.\nFew do."),
    ("this-email-body", "en", "Hi all,\n\nThis email is to confirm the booking for Friday."),
    ("confidential-body", "en", "The report is confidential until Friday.\nPlease do not share it."),
    ("name-line-end", "en", "The vote is on Friday.\nAna Ruiz"),
    ("sent-line-prose", "en", "Sent: the first batch left the warehouse on Monday.\nThe second follows."),
    ("wrote-title", "en", "She Wrote: a novel about letters, out in May.\nReviews are strong."),
    ("date-first-no-address", "en", "2024/3/5 Ana Ruiz won the race.\nShe set a record."),
]


def negatives():
    for cid, lang, text in NEGATIVES:
        add(f"neg/{cid}", lang, "prose", "negative", text, text.split("\n\n", 1)[1] if cid == "this-email-body" else text)
    # Every body in every language, alone and with a neutral second paragraph: nothing to strip.
    for lang, (a, b) in BODIES.items():
        add(f"neg/{lang}/body", lang, "prose", "negative", f"{a}\n\n{b}", f"{a}\n\n{b}")
        add(f"neg/{lang}/body-crlf", lang, "prose", "negative", f"{a}\r\n\r\n{b}\r\n", f"{a}\n\n{b}")
        add(f"neg/{lang}/body-cr", lang, "prose", "negative", f"{a}\r\r{b}", f"{a}\n\n{b}")
        moment = when()
        # A date line in a report, in the language's own format (CLDR): not a reply header.
        add(f"neg/{lang}/date-line", lang, "prose", "negative", f"{format_date(moment, 'full', locale=LOCALE.get(lang, lang))}\n{a}\n{b}",
            f"{format_date(moment, 'full', locale=LOCALE.get(lang, lang))}\n{a}\n{b}")
        add(f"neg/{lang}/time-range", lang, "prose", "negative", f"{a}\n{format_time(moment, 'short', locale=LOCALE.get(lang, lang))}–18:00: {b}",
            f"{a}\n{format_time(moment, 'short', locale=LOCALE.get(lang, lang))}–18:00: {b}")
        # Mail-like prose: dates, times, names and colons that are no reply header, in the language's CLDR formats.
        loc = LOCALE.get(lang, lang)
        for n in range(2):
            moment = when()
            name, email = person()
            other, _ = person()
            long_date = format_date(moment, "long", locale=loc)
            medium = format_datetime(moment, "medium", locale=loc)
            short_time = format_time(moment, "short", locale=loc)
            variants = {
                "dated-colon": f"{a}\n\n{medium}:\n{b}",
                "name-date-colon": f"{a}\n\n{name} ({long_date}):\n{b}",
                "speech-attribution": f"{a}\n\n{name}, {long_date}:\n\"{b}\"",
                "agenda": f"{long_date}\n{short_time} {a}\n{b}",
                "name-middle": f"{a}\n\n{name}\n{b}",
                "from-to-names": f"{a}\n\n{name} → {other}: {b}",
                "transcript": f"{name}:\n{a}\n{other}:\n{b}",
                "address-in-body": f"{a}\n{name} <{email}>, {long_date}.\n{b}",
            }
            for key, text in variants.items():
                add(f"neg/{lang}/{key}-{n}", lang, "prose", "negative", text, text)


def crlf_variants():
    # CR and CRLF line ends behave like LF: every fifth positive again with CRLF, every seventh with CR.
    extra = []
    for n, c in enumerate([c for c in cases if c["kind"] == "positive"]):
        for step, sep, tag in ((5, "\r\n", "crlf"), (7, "\r", "cr")):
            if n % step == 0:
                d = dict(c)
                d["id"] = f"{c['id']}/{tag}"
                d["text"] = c["text"].replace("\n", sep)
                extra.append(d)
    cases.extend(extra)


def main():
    dst = sys.argv[1] if len(sys.argv) > 1 else "Tests/StripSalutationsTests/Fixtures/mail_corpus.jsonl"
    positives()
    negatives()
    crlf_variants()
    pos = sum(c["kind"] == "positive" for c in cases)
    neg = len(cases) - pos
    # At least as many negatives as positives: each positive's body alone is a negative too.
    seen = {c["text"] for c in cases}
    for c in [c for c in cases if c["kind"] == "positive"]:
        if neg >= pos:
            break
        if c["expected"] in seen:
            continue
        seen.add(c["expected"])
        add(c["id"].replace("/", "/neg-body-", 1), c["lang"], "prose", "negative", c["expected"], c["expected"])
        neg += 1
    with open(dst, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    langs = sorted({c["lang"] for c in cases})
    print(f"{dst}: {len(cases)} cases ({pos} positive, {neg} negative) in {len(langs)} languages", file=sys.stderr)


if __name__ == "__main__":
    main()
