import sys
sys.path.insert(0, "/work/main/tests")
from test_plugin import *  # noqa

def test_dbg(pytester, menus):
    r1 = pytester.runpytest(*PLUGIN, "-v")
    r = pytester.runpytest(*PLUGIN, "--ivr", str(menus), "-v")
    print(r.stdout.str())
    assert 0
