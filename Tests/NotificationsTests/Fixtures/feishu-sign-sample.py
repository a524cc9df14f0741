# Feishu's Python 3 sample (签名校验), with the timestamp fixed to the docs' example 1599360473
import base64
import hmac
from hashlib import sha256
timestamp = "1599360473"
secret = "你的密钥"
key = f'{timestamp}\n{secret}'
key_enc = key.encode('utf-8')
msg = ""
msg_enc = msg.encode('utf-8')
hmac_code = hmac.new(key_enc, msg_enc, digestmod=sha256).digest()
sign = base64.b64encode(hmac_code).decode('utf-8')
print(timestamp)
print(sign)
