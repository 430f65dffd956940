// Offline language profiles: frequent function words and characteristic character trigrams
// for the languages the toolkit targets (those of the strip-salutations stage): en, ar, ur,
// fa, hi, es, fr, de, pt, it, tr, id, ru, zh, ja, he. Written by hand from general knowledge
// of each language's most frequent words; the labelled set in the tests measures them.

/// One language's profile.
struct LanguageProfile: Sendable {
    /// ISO 639-1 code.
    let code: String
    /// Frequent function words, lower-case.
    let stopWords: Set<String>
    /// Characteristic trigrams of lower-case words padded with spaces (`" th"`, `"the"`, `"he "`).
    let trigrams: Set<String>
    /// Letters that are rare in the other languages of the same script.
    let letters: Set<Unicode.Scalar>
}

enum LanguageProfiles {
    // The lists split on their UTF-8 bytes: splitting the `String`s into `Character`s took most
    // of the ~2.4 M instructions the Latin profiles cost at start-up (round 16).
    private static func words(_ s: String) -> Set<String> { split(s, at: 0x20) }
    private static func grams(_ s: String) -> Set<String> { split(s, at: 0x7C) }
    private static func split(_ s: String, at separator: UInt8) -> Set<String> {
        Set(s.utf8.split(separator: separator).map { String(decoding: $0, as: UTF8.self) })
    }
    private static func letters(_ s: String) -> Set<Unicode.Scalar> { Set(s.unicodeScalars) }

    /// Languages written in Latin script.
    static let latin: [LanguageProfile] = [
        LanguageProfile(
            code: "en",
            stopWords: words("the a i of and to in is that it was for on are with as be at by this have from or an not but were which has they their you he she his her we our will been would there what all can if its more when who said about after also than into over only new could should these other some them"),
            trigrams: grams(" th|the|he |and|nd | an|ing|ng | of|of |ed | to|to |ion|tio|ent|er | in|is | wa|was|at |hat|tha|for| fo|or | is|on |es | be|ere|her|ter| wh|ll |ly |ve |ith|wit| wi|s t"),
            letters: []),
        LanguageProfile(
            code: "es",
            stopWords: words("el la los las de del y en que un una por con para es se no al lo como más pero sus su le ya o este esta fue ha son está están entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros"),
            trigrams: grams(" de|de | la|la |os | el|el |que|ue | qu|es |en | en|as |ión|ent| co|nte| lo|los|ado|do |ar | se|con|aba|ien| pa|par|ara| es|est|sta|las| po|por| un|una|ero| ha"),
            letters: letters("ñ¿¡")),
        LanguageProfile(
            code: "fr",
            stopWords: words("le la les de des du et est un une en que qui dans pour pas ne sur au aux avec ce ces il elle ils elles sont plus par nous vous ont été a à l d qu se sa son ses leur leurs mais ou où y été être fait cette comme tout tous aussi bien très sans peut je on lui même entre après avant"),
            trigrams: grams(" de|de |es | le|le |ent|nt | la|la |les| et|et |re | qu|que|ue |ion|tio| co|on | pa| un| de|des|e d|e l|men|ait|ais| po|our|pou|ur |ans| da|dan|eme| ét|ell|lle|qui|est"),
            letters: letters("èêçùûîïëœ")),
        LanguageProfile(
            code: "de",
            stopWords: words("der die das und ist nicht ein eine einen einem zu den von mit sich des auf für im dem auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie über so zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei ich wir ihr ihre kann gegen vom schon wenn habe seine unter sehr hatte"),
            trigrams: grams("en |er | de|der|ie |die|ein|ch |sch|ich|und| un|nd |den|che| ei|cht|ine|in |ten| di|gen|te |ung|ng | da|das|ine|ber|ver| ve|auf|eit| zu|it |st |ist|hen|nen| ge"),
            letters: letters("ßäöü")),
        LanguageProfile(
            code: "pt",
            stopWords: words("o a os as de do da dos das e em um uma no na nos nas para com não por mais que se ao aos foi é ser são pelo pela pelos também já muito seu sua seus suas ele ela eles elas isso este esta como mas ou quando entre sobre depois ainda há até onde tem têm estão está foram era eram nem vai meu minha"),
            trigrams: grams(" de|de |os | qu|que|ue | a | o |do |da | da| do|ent|ção|ões|ão |em | co|com|nte|ar |as |es | pa|par|ra |ado|men| se|for|ais|mai| em|ica| um|uma|ção|nto|por|est"),
            letters: letters("ãõâêôç")),
        LanguageProfile(
            code: "it",
            stopWords: words("il lo la i gli le di e che è un una uno per in con non del della dei delle degli al alla ai alle dal dalla nel nella nei sono ha hanno come più anche ma si questo questa quello quella essere stato stata era erano sul sulla tra fra da ci ne se già molto tutto tutti cui poi dopo solo ancora loro suo sua"),
            trigrams: grams(" di|di |la | la|che|he | ch|to |re | co|zio|ion|one|ell|lla|del| de|ent|nte|ti | il|il | pe|per|er | in|no |le |ato|con|ano|tta|gli| ne|nel|ono|ere|sta| è |men"),
            letters: letters("ìò")),
        LanguageProfile(
            code: "tr",
            stopWords: words("ve bir bu da de için ile olarak çok daha gibi olan ne ama en o mi var yok kadar sonra her değil ise şu ki ben sen biz siz onlar bunu şey diye olduğu oldu ya veya hem göre ilgili tarafından üzerinde arasında bütün kendi yeni büyük ilk değil bile çünkü nasıl neden"),
            trigrams: grams("lar|ler|ar |er |in |an |ın |eri|ind|bir| bi|ir |ınd|nda|nde|da |de |yor|ası|esi| ve|ve |ile|le |la |ara|dı |di |ini|ını| ol|ola|lan|len|ak |ek |rak|mak|mek|dan|den"),
            letters: letters("ğışİçöü")),
        LanguageProfile(
            code: "id",
            stopWords: words("yang dan di ini itu dengan untuk dari tidak akan pada juga ke ada adalah oleh dalam kami mereka telah sudah karena bisa saya kita anda atau tersebut para seperti bahwa lebih hanya saat masih harus dapat belum jika kata namun antara setelah sebagai sangat menjadi tahun banyak orang"),
            trigrams: grams("ang|an |ng | me|kan|yan| ya| da|dan|ber| be| di|men|nga|ada|eng| ke|ari|pen| pe|ah |ter|per|gan|aka| se|ata|in |san|asi|era|at |ela|ala|nya|ya |ika|ak |gar"),
            letters: []),
    ]

    /// Languages written in Arabic script.
    static let arabic: [LanguageProfile] = [
        LanguageProfile(
            code: "ar",
            stopWords: words("في من على أن إلى عن مع هذا هذه التي الذي كان لا ما هو هي قد و ثم أو بين كل بعد عند حيث لم لن إن الى ذلك تلك وقد وفي كما منذ أي غير حتى فيه عليه أنه إنه وهو الذين يكون لقد هناك"),
            trigrams: grams(" ال|ال|الم|ة |ية|ات |ين |ون |في | في| من|من |على| عل|لى |ها |ان |وال| وا|لا |ما "),
            letters: letters("يىةكأإؤئ")),
        LanguageProfile(
            code: "fa",
            stopWords: words("و در به از که این را با است برای آن یک خود تا می بر هم نیز شد شده بود کرد کند کرده های ها ای اما یا اگر هر چه باید دارد شود گفت پس همه ما شما او آنها نه بین چون"),
            trigrams: grams(" می|می |ها |های|ای | در|در |ند |ان |است|ست | اس|ری |ده |ید |که | که|ین |این|را | را"),
            letters: letters("پچژگکی")),
        LanguageProfile(
            code: "ur",
            stopWords: words("کے کی کا ہے میں اور کو سے نے یہ وہ ہیں تھا تھی تھے پر بھی ہو کہ جو ایک لیے کر گیا گئی رہے رہا رہی ہوں نہیں تو اس ان آپ ہم جب تک کوئی کیا یا"),
            trigrams: grams(" کے|کے | کی|کی | ہے|ہے |میں| می|یں |نے |اور| او|ور |سے | سے|وں |ہیں|یا |ئے |ے ک"),
            letters: letters("ٹڈڑںےہھۓپچگکی")),
    ]

    /// Stop words of the languages identified by script alone (used only for confidence).
    static let byScript: [String: Set<String>] = [
        "ru": words("и в не на что с по это как он она они я к из у за от о так же но для все его её их был была были быть бы уже или мы вы ты"),
        "hi": words("के का की है में और को से ने यह वह हैं था थी थे पर भी हो कि जो एक लिए कर गया गई रहे नहीं तो इस उस आप हम"),
        "he": words("של את על לא זה הוא היא עם כי גם אני אבל או אם כל יש היה הם מה"),
    ]
}
