#!/usr/bin/env python3
"""Writes N generated news/mail items as JSON lines, deterministically (a seed), for the Spark
end-to-end test and the scale-out benchmark:

    python3 integrations/spark/tests/generate_items.py 10000 > items.jsonl [--seed 17]

Items vary the way real input does: greetings and sign-offs in several languages, e-mail
addresses, phone numbers, URLs, IPs, names, titles, multi-paragraph bodies, non-ASCII text, lines
without an id or without metadata (the runner's defaults apply), numbers written as `1e3`,
CRLF line ends and blank lines between records. Nothing is copied from a corpus.
"""

import argparse
import json
import random
import sys

GREETINGS = ["Hi team,", "Hello all,", "Dear colleagues,", "Good morning,", "Bonjour à tous,", "Hallo zusammen,",
             "Assalamualaikum,", "Ahoy team,", "Hola,", "Hey Anna,", ""]
CLOSINGS = ["Best regards,", "Kind regards,", "Thanks,", "Cheers,", "Mit freundlichen Grüßen,", "Cordialement,",
            "Fair winds,", "Wa alaikum assalam.", ""]
NAMES = ["John Smith", "Maria Garcia", "Wei Chen", "Fatima Khan", "Olga Ivanova", "Kwame Mensah", "Anna Müller",
         "Lucas Martin", "Aiko Tanaka", "Ravi Patel"]
PLACES = ["the harbour", "the capital", "the northern province", "the council chamber", "the old town",
          "the ministry", "the port district", "the university"]
SUBJECTS = ["The ministry", "The city council", "A spokesperson", "The harbour authority", "Local officials",
            "The finance committee", "Residents", "The transport agency"]
VERBS = ["announced", "confirmed", "rejected", "postponed", "approved", "questioned", "published", "reviewed"]
OBJECTS = ["a new budget", "the harbour expansion", "plans for a tram line", "the annual report",
           "a water-quality study", "emergency repairs", "the school calendar", "a revised timetable"]
TAILS = ["on Tuesday", "after a long debate", "despite protests", "ahead of the winter", "in a short statement",
         "for the third time this year", "without giving details", "at a press conference"]
EXTRAS = ["Contact {name} at {email} or {phone}.", "Details: {url}", "The server at {ip} logged the change.",
          "Über 40 % der Befragten waren dafür.", "Le conseil a voté à l'unanimité.", "预算将在下周公布。",
          "Figures rose by {n} per cent.", "Call {phone} for the press office."]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} in {rng.choice(PLACES)} {rng.choice(TAILS)}."


def item(rng: random.Random, number: int) -> dict:
    name = rng.choice(NAMES)
    user = name.lower().replace(" ", ".").replace("ü", "ue")
    fill = dict(name=name, email=f"{user}@example.org", phone=f"+44 20 7946 {rng.randint(0, 9999):04d}",
                url=f"https://news.example.com/{number}", ip=f"192.0.2.{rng.randint(1, 254)}", n=rng.randint(2, 90))
    paragraphs = []
    for _ in range(rng.randint(1, 3)):
        body = [sentence(rng) for _ in range(rng.randint(1, 5))]
        if rng.random() < 0.5:
            body.append(rng.choice(EXTRAS).format(**fill))
        paragraphs.append(" ".join(body))
    greeting, closing = rng.choice(GREETINGS), rng.choice(CLOSINGS)
    text = (greeting + "\n\n" if greeting else "") + "\n\n".join(paragraphs)
    if closing:
        text += f"\n\n{closing}\n{name}"
    record = {"text": text}
    if rng.random() < 0.9:
        record["id"] = f"item-{number:06d}"
    if rng.random() < 0.7:
        metadata = {"title": f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}", "priority": rng.randint(1, 5)}
        if rng.random() < 0.3:
            metadata["source"] = f"wire/{number}"
        record["metadata"] = metadata
    return record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout.buffer
    for number in range(1, args.count + 1):
        line = json.dumps(item(rng, number), ensure_ascii=rng.random() < 0.5)
        if number % 997 == 0:
            line = line.replace('"priority": ', '"priority": 1e0, "weight": ', 1) if '"priority": ' in line else line
        end = b"\r\n" if number % 101 == 0 else b"\n"
        out.write(line.encode("utf-8") + end)
        if number % 211 == 0:
            out.write(b"\n  \n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
