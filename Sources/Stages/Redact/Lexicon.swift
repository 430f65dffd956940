import Foundation
import PipelineKit
import TextKit

/// Word classes known to the person detector, as bit flags.
struct WordFlags: OptionSet, Sendable {
    let rawValue: UInt32
    static let given = WordFlags(rawValue: 1)          // a given name (Census 1990, Faker locales)
    static let surname = WordFlags(rawValue: 2)        // a surname
    static let dictionary = WordFlags(rawValue: 4)     // an English word written in lowercase (SCOWL)
    static let place = WordFlags(rawValue: 8)          // a country, nationality or place word
    static let nonPerson = WordFlags(rawValue: 16)     // organisation / location / calendar cue
    static let honorific = WordFlags(rawValue: 32)     // Mr, Mrs, Dr ... (part of the span)
    static let title = WordFlags(rawValue: 64)         // President, Senator ... (context, not span)
    static let contextAfter = WordFlags(rawValue: 128) // said, says, told ...
    static let contextBefore = WordFlags(rawValue: 256)// named, dear, I'm ...
    static let connector = WordFlags(rawValue: 512)    // van, de, bin ...
    static let suffix = WordFlags(rawValue: 1024)      // Jr, Sr, III, MD, PhD
    static let stop = WordFlags(rawValue: 2048)        // function words: The, In, But ...
    static let pairFirst = WordFlags(rawValue: 4096)   // according / name / call / this
    static let pairSecond = WordFlags(rawValue: 8192)  // to / is / me
    static let city = WordFlags(rawValue: 1 << 16)     // a city or town (GeoNames): evidence against a lone name
    static let legalForm = WordFlags(rawValue: 1 << 17)// a company's legal form (cleanco): GmbH, Kft, doo
    static let field = WordFlags(rawValue: 1 << 18)    // a form label before a colon: Name:, Contact:, Attn:
    static let closing = WordFlags(rawValue: 1 << 19)  // a sign-off word: regards, best, cheers

    /// `true` for a country, nationality or place word, or a city or town.
    var isPlace: Bool { !intersection(WordFlags.place.union(.city)).isEmpty }

    /// No flags: an unknown word. (Spelled `WordFlags(rawValue: 0)` rather than `[]`, which
    /// builds an array first in code the optimizer does not clean up.)
    static let empty = WordFlags(rawValue: 0)
}

/// A hash table from case-folded words to `WordFlags`, compiled from the `Names/` lists.
///
/// Keys are 64-bit FNV-1a hashes of the case-folded Unicode scalars, so lookups hash the
/// document's bytes in place without building strings. (A collision between two different
/// words is possible in principle and would only misclassify one word.)
///
/// A run never parses the lists: it maps `Names/lexicon.bin` (see `LexiconTable`), built from
/// the lists and `Cues` by `scripts/build_compiled_tables.sh`; a test checks it is current.
final class Lexicon: Sendable {
    /// The compiled table; its slots are read in place (see `LexiconTable` for the layout).
    private let table: TableBytes
    /// Open-addressing table of 64-bit slots at this byte offset: a 32-bit fingerprint of the
    /// hash (never 0) and the 32 flag bits.
    private let slotsOffset: Int
    private let mask: Int
    /// The same for the few hundred cue words (function, context and legal-form words), with
    /// the same flags as in the large table.
    private let smallOffset: Int
    private let smallMask: Int

    /// The shared lexicon, mapped on first use; `nil` when `Names/lexicon.bin` cannot be found
    /// or is not a lexicon table.
    static let shared: Lexicon? = {
        guard let dir = StageResources.directory(bundle: "pipeline_Redact", folder: "Names",
                                                 sourceDirectory: StageResources.sourceFolder(of: #filePath)),
              let bytes = TableBytes(mapping: dir.appendingPathComponent(LexiconTable.fileName).path)
        else { return nil }
        return Lexicon(table: bytes)
    }()

    /// A lexicon over a compiled table, or `nil` when the bytes are not one.
    init?(table: TableBytes) {
        guard let layout = LexiconTable.layout(table) else { return nil }
        // Checks both tables lie inside the bytes (it traps otherwise).
        _ = table.words(at: layout.slotsOffset, count: layout.slotCount)
        _ = table.words(at: layout.smallOffset, count: layout.smallCount)
        self.table = table
        slotsOffset = layout.slotsOffset
        mask = layout.slotCount - 1
        smallOffset = layout.smallOffset
        smallMask = layout.smallCount - 1
    }

    @inline(__always) static func fingerprint(_ hash: UInt64) -> UInt64 {
        let high = hash >> 32
        return high == 0 ? 1 : high
    }

    /// Looks `hash` up in the slots at byte `offset` of the table (`mask + 1` slots).
    @inline(__always) private func find(_ offset: Int, _ mask: Int, _ hash: UInt64) -> WordFlags {
        let key = Lexicon.fingerprint(hash)
        let bytes = table.bytes
        var slotIndex = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = bytes.load(fromByteOffset: offset &+ slotIndex &* 8, as: UInt64.self)
            if slot >> 32 == key { return WordFlags(rawValue: UInt32(truncatingIfNeeded: slot)) }
            if slot == 0 { return .empty }
            slotIndex = (slotIndex + 1) & mask
        }
    }

    /// The flags of a word given its hash (empty when unknown).
    @inline(__always) func flags(_ hash: UInt64) -> WordFlags { find(slotsOffset, mask, hash) }

    /// The flags of a cue word: a function or context word (stop words, titles, "said",
    /// "according", "van"...) or a company's legal form ("GmbH", "doo", "Sons"); empty for every
    /// other word. Cheap: the table is small enough to stay in the cache.
    @inline(__always) func cueFlags(_ hash: UInt64) -> WordFlags { find(smallOffset, smallMask, hash) }

    static let offset: UInt64 = 0xcbf29ce484222325
    static let prime: UInt64 = 0x100000001b3

    /// FNV-1a over scalar values (already case-folded).
    static func hash(_ scalars: [UInt32]) -> UInt64 {
        var hash = offset
        for scalar in scalars { hash = (hash ^ UInt64(fold(scalar))) &* prime }
        return hash
    }

    /// Lowercases the scalars the name lists use (TextKit's ``FoldMode/name``: ASCII, Latin-1,
    /// Latin Extended-A, Greek, basic Cyrillic).
    @inline(__always) static func fold(_ scalar: UInt32) -> UInt32 {
        if scalar < 0x80 { return scalar &- 65 < 26 ? scalar | 0x20 : scalar }
        return CaseFolding.name.single(scalar) ?? scalar
    }

    /// `true` for scalars `fold` changes (an uppercase letter).
    @inline(__always) static func isUpperScalar(_ s: UInt32) -> Bool { fold(s) != s }
}

/// Hand-written cue words (lowercase, space-separated) and the flags they carry.
enum Cues {
    static let all: [(String, WordFlags)] = [
        ("mr mrs ms miss mx dr prof mister madam madame mme mlle sir dame herr frau señor señora sr sra", .honorific),
        ("""
        president senator sen rep representative governor gov judge justice minister premier chancellor secretary \
        chairman chairwoman chair ceo cfo director professor sheikh shaikh imam mullah mufti cleric king queen prince \
        princess pope cardinal bishop archbishop rabbi pastor reverend rev father sister brother coach captain capt \
        lieutenant lt sergeant sgt colonel col general gen commander cmdr admiral officer detective inspector agent \
        actor actress singer author writer player striker midfielder defender goalkeeper analyst journalist reporter \
        attorney lawyer mayor ambassador envoy chief founder spokesman spokeswoman spokesperson deputy lord lady \
        emir sultan ayatollah maulana mawlana haji hajji mufti
        """, .title),
        ("""
        said says say told tells added adds wrote writes asked asks explained explains argued argues noted notes stated replied replies shouted tweeted posted insisted insists warned warns suggested suggests claimed claims confirmed announced testified recalled continued believes thinks thought admitted acknowledged denied agreed disagreed answered responded urged described remarked observed concluded commented revealed conceded predicted
        """, .contextAfter),
        ("named dear hi hello hey meet thanks i'm im by says said starring featuring", .contextBefore),
        ("according name call calls this known called", .pairFirst),
        ("to is me as", .pairSecond),
        ("van von de der den da di du del della la le bin ibn al el ter ten dos das do y", .connector),
        ("jr sr ii iii iv md phd esq dds", .suffix),
        // Form labels before a colon ("Name: …", "Attn: …"); the run after them is a person.
        ("""
        name fullname surname forename attn attention contact author sender recipient signed signatory \
        customer client patient employee applicant candidate holder cardholder beneficiary guest passenger \
        tenant landlord buyer seller student manager reviewer approver requester assignee witness spouse \
        cc bcc
        """, .field),
        // Sign-off words on the line above a name (English and the commonest European closings).
        ("""
        regards best cheers thanks thank sincerely yours cordially respectfully warmly wishes love \
        grüße grüßen gruß gruss cordialement salutations saludos atentamente saluti cordiali distinti \
        pozdrawiam pozdrav pozdravem pozdravi üdvözlettel groet groeten hälsningar terveisin atenciosamente \
        abraços cumprimentos mvh mfg lg vg
        """, .closing),
        // Words that make the names before them a firm ("Smith and Sons", "Fehér és Társa").
        ("sons brothers bros társa társai partnery partneri", .legalForm),
        ("""
        the a an in on at of for to from by with and or but nor so yet if when while after before since until as \
        this that these those there here then than it its he she they we you i his her their our my your me him them \
        us who whom whose which what where why how all any each every some no not yes also just only even still \
        however meanwhile moreover furthermore although though because unless despite during between among about \
        above below under over into onto upon within without across through throughout toward towards against \
        is are was were be been being do does did have has had will would shall should can could may might must \
        dear hello hi thanks thank please yesterday today tomorrow tonight last next first second third new old \
        mr mrs ms dr
        """, .stop),
        ("""
        inc incorporated ltd llc llp plc corp corporation company co gmbh ag sa nv bv spa srl oy ab as kk \
        group holdings holding partners associates international global capital ventures labs software systems \
        technologies technology tech solutions services service studios studio media press network networks \
        bank banks fund trust insurance airlines airways air motors energy oil petroleum pharma pharmaceuticals \
        university college school academy institute institution foundation society association union federation \
        council committee commission ministry department agency bureau office authority administration \
        government parliament congress senate assembly court tribunal police army navy force forces guard militia \
        party movement front alliance league coalition brigade battalion regiment \
        center centre hospital clinic museum library gallery theatre theater cinema stadium arena airport station \
        port harbour harbor bridge tower palace castle hall house church cathedral mosque temple synagogue \
        via rua rue avenida avda calle camino camiño alameda zona vila alt strada piazza ulica gasse straat strasse \
        straße weg laan dreef plein apt apartment suite unit box po creek parkway pkwy crescent close grove heights \
        circle trail mews rambla praça largo travessa estrada vej gade vägen gatan utca út katu tie tee \
        street st road rd avenue ave lane ln boulevard blvd drive way place pl square sq court ct terrace \
        highway route park gardens garden plaza mall market hotel motel inn restaurant cafe bar club \
        river lake sea ocean gulf bay beach coast island islands mountain mountains mount mt hill hills valley \
        desert forest canyon peninsula strait channel line border province region district county city town village \
        state states republic kingdom empire emirate emirates federation territory territories \
        north south east west northern southern eastern western central upper lower greater new san santa saint \
        fort lake grupo grupa groep gruppe gruppo groupe hermanos irmãos fratelli stiftung nagar ganj \
        radio television tv news times post journal herald tribune gazette daily weekly magazine review report \
        channel broadcasting broadcast times press agency wire \
        monday tuesday wednesday thursday friday saturday sunday january february march april may june july august \
        september october november december jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu \
        thur thurs fri sat \
        islamic christian muslim jewish catholic protestant orthodox buddhist hindu sunni shia shiite \
        afghan pakistani american british english french german italian spanish portuguese dutch belgian swiss \
        austrian swedish norwegian danish finnish icelandic irish scottish welsh polish czech slovak hungarian \
        romanian bulgarian greek turkish russian ukrainian belarusian serbian croatian bosnian slovenian albanian \
        chinese japanese korean indian bangladeshi iranian iraqi syrian lebanese israeli palestinian jordanian \
        saudi emirati qatari kuwaiti egyptian libyan tunisian algerian moroccan sudanese ethiopian kenyan nigerian \
        ghanaian african european asian australian canadian mexican brazilian argentine argentinian chilean \
        colombian peruvian venezuelan cuban taliban arab arabic persian kurdish pashtun tajik uzbek \
        democrat democrats republican republicans democratic labour labor conservative liberal communist socialist \
        united nations national federal royal supreme international world global olympic olympics cup championship \
        premier award awards prize festival war treaty act day week weekend month year
        """, .nonPerson),
        ("""
        afghanistan pakistan kabul islamabad istanbul turkey qatar iran iraq syria china india russia ukraine \
        europe asia africa america americas london paris berlin moscow washington beijing tokyo delhi dubai doha \
        riyadh tehran baghdad cairo jerusalem gaza kandahar herat peshawar lahore karachi paktika new york \
        california texas florida england scotland wales ireland britain uk usa us eu un nato
        """, .place),
    ]
}
