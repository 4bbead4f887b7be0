"""scripts/build_noun_types.py reads GUM's entity annotations into the noun type table."""

import importlib.util
from pathlib import Path

from quotes.attribution.wordlists import noun_type

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_noun_types.py"

# GUM's MISC notation: `(7-person-...` opens entity 7, `7)` closes it, `(8-place-...)` is one word
SENTENCE = """\
# text = The old doctor met a doctor in the city .
1\tThe\tthe\tDET\tDT\t_\t3\tdet\t_\tEntity=(1-person-new-sssss-cf1-1,2,3
2\told\told\tADJ\tJJ\t_\t3\tamod\t_\t_
3\tdoctor\tdoctor\tNOUN\tNN\t_\t4\tnsubj\t_\tEntity=1)
4\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
5\ta\ta\tDET\tDT\t_\t6\tdet\t_\tEntity=(2-person-new-sssss-cf2-1,2
6\tdoctor\tdoctor\tNOUN\tNN\t_\t4\tobj\t_\tEntity=2)
7\tin\tin\tADP\tIN\t_\t9\tcase\t_\t_
8\tthe\tthe\tDET\tDT\t_\t9\tdet\t_\tEntity=(3-place-new-sssss-cf3-1,2
9\tcity\tcity\tNOUN\tNN\t_\t4\tobl\t_\tEntity=3)
10\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

"""


def load_script():
    spec = importlib.util.spec_from_file_location("build_noun_types", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nouns_heading_mentions_of_one_type_twice_are_kept(tmp_path):
    conllu = tmp_path / "gum.conllu"
    conllu.write_text(SENTENCE * 1 + SENTENCE.replace("city", "town"), encoding="utf-8")
    table = load_script().noun_types(conllu)
    assert table["doctor"] == ("person", 4, 4)
    assert "city" not in table and "town" not in table      # one mention each: too few


def test_bundled_table_types_common_nouns():
    assert (noun_type("Doctor"), noun_type("city"), noun_type("firm")) == ("person", "place", "organization")
    assert noun_type("idea") is None
