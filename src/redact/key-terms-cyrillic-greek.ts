// Secret key names in Cyrillic (Russian, Ukrainian, Bulgarian, Serbian) and Greek, by kind; `_` joins the words of
// one term. Written as people write them: reading folds case, accents and look-alike letters away. Inflected forms
// are listed where a schema uses them (`повтор_пароля`); plurals of "token" are not (`токены` counts an LLM's usage,
// as `tokens` does). `код` (code) and `ключ` (key) alone are ordinary: a country, product or error code, a sort or
// primary key. Greek `κωδικός` alone is a password: it is how Greek login forms label the field.
export const CYRILLIC_GREEK_TERMS: Readonly<Record<string, string>> = {
  password: [
    "пароль пароля паролю паролем пароле пароли паролей паролі паролів парольная_фраза парольна_фраза",
    "кодовое_слово кодовая_фраза секретное_слово парола паролата паролите лозинка лозинку лозинке лозинком",
    "κωδικός κωδικός_πρόσβασης συνθηματικό συνθηματικά φράση_πρόσβασης",
  ].join(" "),
  secret: "секрет секрета секреты секрети тайна тайната тајна μυστικό μυστικά",
  token: "токен токена маркер_доступа маркер_доступу διακριτικό",
  "api-key": "ключ_api api_ключ ключ_апи апи_ключ кључ_api api_кључ κλειδί_api api_κλειδί",
  "private-key": [
    "закрытый_ключ приватный_ключ личный_ключ закритий_ключ приватний_ключ особистий_ключ частен_ключ",
    "личен_ключ приватни_кључ ιδιωτικό_κλειδί",
  ].join(" "),
  "access-key": [
    "секретный_ключ ключ_доступа ключ_шифрования мастер_ключ секретний_ключ ключ_доступу ключ_шифрування",
    "таен_ключ секретен_ключ ключ_за_достъп тајни_кључ кључ_за_приступ μυστικό_κλειδί κλειδί_πρόσβασης",
    "κλειδί_κρυπτογράφησης",
  ].join(" "),
  credential: [
    "учетные_данные данные_для_входа облікові_дані идентификационни_данни данни_за_вход акредитиви",
    "подаци_за_пријаву διαπιστευτήρια διαπιστευτήριο",
  ].join(" "),
  pin: "пин пин_код пін пін_код κωδικός_pin",
  "one-time-code": [
    "одноразовый_пароль одноразовый_код код_подтверждения смс_код код_из_смс одноразовий_пароль",
    "одноразовий_код код_підтвердження еднократна_парола еднократен_код код_за_потвърждение",
    "једнократна_лозинка код_за_потврду κωδικός_μιας_χρήσης κωδικός_επαλήθευσης",
  ].join(" "),
  session: [
    "идентификатор_сессии ид_сессии id_сессии ключ_сессии сессионный_ключ ідентифікатор_сесії ключ_сесії",
    "идентификатор_на_сесия ключ_на_сесия αναγνωριστικό_συνεδρίας κλειδί_συνεδρίας",
  ].join(" "),
  cookie: "куки кукі бисквитка бисквитки колачић колачићи",
  authorization: "авторизация авторизація оторизация ауторизација εξουσιοδότηση",
};

// Greek puts what a code belongs to after it: `κωδικός_προϊόντος` is a product's code, not a password. Slavic
// languages put what is said about a term before it (`длина_пароля`, a password's length): that value is hidden.
export const CYRILLIC_GREEK_QUALIFIERS = "προϊόντος πελάτη χώρας παραγγελίας σφάλματος περιοχής";
