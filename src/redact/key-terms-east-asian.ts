// Secret key names in Chinese (simplified and traditional), Japanese, Korean and Thai, by kind. These scripts write
// no spaces, so a term is found wherever it starts in a name (`用户密码`, `ユーザーパスワード`): a short term here is a
// substring, and these are left out for what they also mean: `码`, `鍵`, `キー`, `키` (code, key), `暗号`/`암호`
// (also encryption: `암호화`), `凭证` alone (also an accounting voucher), Thai `รหัส` (code) and `ลับ` (in `กลับ`).
export const EAST_ASIAN_TERMS: Readonly<Record<string, string>> = {
  password: "密码 密碼 口令 パスワード パスフレーズ パスコード 비밀번호 패스워드 รหัสผ่าน พาสเวิร์ด",
  secret: "秘密 シークレット 비밀 시크릿 ความลับ",
  token: "令牌 トークン 토큰 โทเค็น",
  "api-key": "api密钥 api密鑰 api金鑰 api秘钥 apiキー api키 apiคีย์ คีย์api",
  "private-key": [
    "私钥 私鑰 私有密钥 私密金鑰 秘密鍵 秘密キー プライベートキー 개인키 비공개키 프라이빗키",
    "คีย์ส่วนตัว กุญแจส่วนตัว",
  ].join(" "),
  "access-key": [
    "密钥 密鑰 金鑰 秘钥 秘鑰 アクセスキー シークレットキー 暗号鍵 暗号化キー 共通鍵 マスターキー",
    "비밀키 시크릿키 액세스키 접근키 암호화키 마스터키 คีย์ลับ กุญแจลับ คีย์การเข้าถึง คีย์เข้ารหัส",
  ].join(" "),
  credential: [
    "凭据 憑據 安全凭证 安全憑證 访问凭证 存取憑證 登录凭证 登入憑證 临时凭证 認証情報 資格情報 クレデンシャル",
    "자격증명 ข้อมูลรับรอง ข้อมูลประจำตัว",
  ].join(" "),
  pin: "暗証番号 핀번호 핀코드 รหัสพิน",
  "one-time-code": [
    "验证码 驗證碼 一次性密码 一次性密碼 动态密码 動態密碼 动态口令 動態口令 ワンタイムパスワード",
    "ワンタイムコード 認証コード 確認コード 検証コード 인증번호 인증코드 일회용비밀번호 รหัสยืนยัน",
    "รหัสผ่านครั้งเดียว รหัสotp",
  ].join(" "),
  session: "会话id 會話id セッションid セッションキー 세션id 세션키 เซสชันid",
  cookie: "クッキー 쿠키 คุกกี้",
  authorization: "授权码 授權碼 認可コード",
};

// What follows a term and names something about it (`密钥名称`, `토큰유형`), as the English qualifiers do. Not the
// single `数` (count: `トークン数`), which would also qualify away `令牌数据` (token data): such a count is hidden.
export const EAST_ASIAN_QUALIFIERS = [
  "数量 數量 个数 個數 件数 개수 类型 類型 タイプ 種類 유형 종류 长度 長度 長さ 길이 有效期 过期时间 過期時間",
  "到期时间 有効期限 만료 名称 名稱 名前 이름 策略 ポリシー 정책 规则 規則 ルール 규칙 强度 強度 강도 编号 編號",
  "地址 网址 網址 格式 形式 형식",
].join(" ");
