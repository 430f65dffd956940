/// Stop-word lists (Indonesian and Malay share one): the most frequent function words of each language (articles,
/// pronouns, prepositions, conjunctions, auxiliaries, and reporting verbs such as "said").
/// Compiled in (TextKit has no resources); matched after ``Normalizer`` folding.
enum StopWords {
    static let lists: [(Language, String)] = [
        (.en, """
            a about above after again against all almost along also although am among an and another any anyone \
            anything are aren't around as at be became because become been before being below between both but by \
            can can't cannot could couldn't did didn't do does doesn't doing don't done down during each either \
            else enough etc even ever every few for from further get gets got had hadn't has hasn't have haven't \
            having he he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm \
            i've if in into is isn't it it's its itself just least less let let's like made make many may me might \
            more most much must mustn't my myself neither no nor not now of off often on once one only onto or other \
            others otherwise ought our ours ourselves out over own per perhaps quite rather really said same say \
            says see seem seemed seems several shall shan't she she'd she'll she's should shouldn't since so some \
            something still such than that that's the their theirs them themselves then there there's therefore \
            these they they'd they'll they're they've this those though through thus to told too toward towards \
            under until up upon us very via was wasn't we we'd we'll we're we've well were weren't what what's \
            whatever when when's where where's whether which while who who's whom whose why why's will with within \
            without won't would wouldn't yet you you'd you'll you're you've your yours yourself yourselves
            """),
        (.es, """
            a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el él ella \
            ellas ellos en entre era eran es esa esas ese eso esos esta está están estaba estar estas este esto estos \
            fue fueron ha han hace hasta hay la las le les lo los más me mi mis mucho muchos muy nada ni no nos \
            nosotros o os otra otras otro otros para pero poco por porque que qué quien quienes se sea ser si sí \
            sido sin sobre son su sus también tanto te ti tiene tienen todo todos tu tú tus un una uno unos y ya yo \
            dijo según cada
            """),
        (.fr, """
            a à ai au aux avec avait avoir c ça car ce ceci cela celle celles celui ces cet cette comme d dans de des \
            dit donc dont du elle elles en encore est et été être eu fait il ils j je l la le les leur leurs lui m ma \
            mais me même mes moi mon n ne ni nos notre nous on ont or ou où par pas plus pour qu que quel quelle qui \
            quoi s sa sans se ses si son sont sous sur ta te tes toi ton tous tout toute toutes très tu un une vos \
            votre vous y aussi bien entre selon été était
            """),
        (.de, """
            aber alle allem allen aller alles als also am an auch auf aus bei beim bin bis bist da dabei damit dann \
            das dass daß dem den denn der des dessen die dies diese diesem diesen dieser dieses doch dort du durch \
            ein eine einem einen einer eines er es etwa euch für gegen hat hatte hatten hier hin ich ihm ihn ihnen \
            ihr ihre ihrem ihren ihrer im in ist ja jede jedem jeden jeder jedes jetzt kann kein keine können man \
            mehr mich mir mit muss nach nicht noch nun nur ob oder ohne schon sehr sein seine seinem seinen seiner \
            sich sie sind so soll sollen sowie über um und uns unter vom von vor war waren was weil wenn wer werden \
            wie wieder will wir wird wo wurde wurden zu zum zur zwischen sagte
            """),
        (.pt, """
            a à ao aos as às até com como da das de dela dele deles depois do dos e é ela elas ele eles em entre era \
            essa essas esse esses esta está estão este estes eu foi foram há isso isto já lhe mais mas me mesmo meu \
            minha muito na nas não nem no nos nós num numa o os ou para pela pelas pelo pelos por qual quando que \
            quem se sem ser será seu seus só sua suas também te tem têm ter tinha um uma você disse segundo sobre
            """),
        (.it, """
            a ad agli ai al alla alle allo anche che chi ci come con cui da dai dal dalla dalle degli dei del della \
            delle dello di dove e è ed era erano essere fa fra gli ha hanno ho i il in io la le lei lo loro lui ma mi \
            molto ne nei nel nella nelle noi non o per più può quando quella quelle quello questa queste questi \
            questo se si sia sono stata stato su sua sue sui sul sulla suo suoi ti tra tu tutti tutto un una uno vi \
            voi ha detto secondo
            """),
        (.tr, """
            acaba ama ancak artık aslında az bana bazı belki ben bile bir biri birkaç biz bu buna bunu bunun çok \
            çünkü da daha de değil diye dolayı en gibi göre hem hep her hiç için ile ise kadar ki kim mi mı mu mü \
            nasıl ne neden nerede niye o olan olarak oldu olduğu olduğunu olmak olur ona onlar onu onun sen siz şey \
            şu tüm ve veya ya yani yine yok zaten sonra önce dedi
            """),
        (.id, """
            ada adalah agar akan aku anda antara apa atau bagi bahwa banyak beberapa belum berada bisa dalam dan \
            dapat dari dengan di dia hanya harus ia ini itu jadi jika juga kami karena ke kepada kita lagi lebih \
            maka masih mereka namun oleh pada para pun saat sangat saya sebagai sedang seperti serta setelah sudah \
            tak telah tentang tersebut tetapi tidak untuk yang ialah iaitu kerana boleh sahaja beliau kata katanya
            """),
        (.ru, """
            а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его \
            ее её если есть еще ещё же за здесь и из или им их к как какой когда кто ли либо мне может мы на над \
            надо наш не него нее неё нет ни них но ну о об однако он она они оно от очень по под после при про с \
            со так также такой там те тем то того тоже той только том ты у уже хотя чего чей чем что чтобы эта эти \
            это этого этой этом этот я заявил сказал сообщил
            """),
        (.ar, """
            في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين اللذين و أو او ثم لا لم لن ما ماذا قد كان كانت \
            يكون تكون هو هي هم هن نحن أنا انا أنت إن ان أن كل بعد قبل بين حتى عند أي غير أيضا ايضا وقد كما لكن بل \
            إذا اذا حيث منذ وهو وهي فيه فيها منه منها عليه عليها له لها لهم به بها قال وقال وفي ومن وعلى وأن وان \
            هناك ضمن خلال
            """),
        (.fa, """
            و در به از که این را با است برای آن یک خود تا کرد بر هم نیز بود شد می ها شده او ما من تو شما آنها اند \
            بی یا اما هر ولی پس اگر چه همه دیگر باید کرده کند کنند دارد شود گفت هیچ نه روی پیش بین وی ای آیا \
            نمی هست بودند
            """),
        (.ur, """
            کے کی کا میں ہے اور سے کو نے پر یہ وہ ہیں تھا تھے تھی ہو گا گی گے ایک اس ان جو بھی کہ تو نہیں کر کیا \
            لیے لئے ساتھ بعد اپنے ہوں ہوئے ہوا رہا رہے رہی جب تک پھر یا اگر لیکن والے والی ہی کہا
            """),
        (.hi, """
            के का की है में और से को एक यह वह हैं था थे थी पर भी नहीं तो ही या इस उस जो कि ने लिए साथ कर किया गया \
            गई गए हो होता होती होते रहा रहे रही जा कुछ अपने अपनी इन उन तक बाद दिया कहा हुआ हुई हुए एवं तथा
            """),
        (.he, """
            של את על עם זה זו זאת הוא היא הם הן אני אתה את אנחנו לא כי אם גם או אבל רק כל יש אין היה הייתה היו \
            מה מי איך כמו עד אחרי לפני בין אל מן כך לו לה להם שלו שלה שלהם אשר כבר עוד מאוד אמר
            """),
        (.zh, """
            的 了 是 在 和 有 我 他 她 它 们 这 那 就 也 都 而 及 与 或 不 人 中 上 对 为 以 于 之 其 被 把 从 到 说 很 \
            还 又 等 一个 我们 他们 她们 这个 那个 这些 那些 没有 但是 因为 所以 如果 可以 已经 自己 什么 表示
            """),
        (.ja, """
            の に は を た が で て と し れ さ ある いる も する から な こと として い や れる など なっ ない この \
            ため その あっ よう また もの という あり まで られ なる へ か だ これ によって により おり より による \
            ず なり られる において ば なかっ なく しかし について せ だっ できる それ う ので なお のみ でき き つ \
            における および いう さらに でも ら たり たち ます ん なら です ました では には とは
            """),
    ]

    /// The byte ranges of the words of a list's UTF-8 `bytes`: the runs between spaces and
    /// line breaks (the separators the lists use; nothing else in them is a byte below 0x21).
    static func words(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        bytes.split(whereSeparator: { $0 == 0x20 || $0 == 0x0A }).map { $0.startIndex..<$0.endIndex }
    }
}
