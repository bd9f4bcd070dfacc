"""The ``__init__`` code of each pattern of fields of ivr's record classes, compiled
with the package (written by ``python -m ivr._record``: do not edit; see ivr._record)."""

# ruff: noqa: F821
# mypy: ignore-errors


def _FFFppFp(self, _0, _1, _2, _3, _4, _5, _6):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = __factory0() if _0 is __FACTORY else _0
    __d[__n[1]] = __factory1() if _1 is __FACTORY else _1
    __d[__n[2]] = __factory2() if _2 is __FACTORY else _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = __factory5() if _5 is __FACTORY else _5
    __d[__n[6]] = _6


def _pp(self, _0, _1):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1


def _ppFFpp(self, _0, _1, _2, _3, _4, _5):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = __factory2() if _2 is __FACTORY else _2
    __d[__n[3]] = __factory3() if _3 is __FACTORY else _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5


def _ppp(self, _0, _1, _2):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2


def _pppF(self, _0, _1, _2, _3):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = __factory3() if _3 is __FACTORY else _3


def _pppFpp(self, _0, _1, _2, _3, _4, _5):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = __factory3() if _3 is __FACTORY else _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5


def _pppp(self, _0, _1, _2, _3):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3


def _pppp_post(self, _0, _1, _2, _3):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    self.__post_init__()


def _ppppF(self, _0, _1, _2, _3, _4):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = __factory4() if _4 is __FACTORY else _4


def _ppppFp(self, _0, _1, _2, _3, _4, _5):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = __factory4() if _4 is __FACTORY else _4
    __d[__n[5]] = _5


def _ppppp(self, _0, _1, _2, _3, _4):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4


def _pppppF(self, _0, _1, _2, _3, _4, _5):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = __factory5() if _5 is __FACTORY else _5


def _pppppFFFFFFF(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = __factory5() if _5 is __FACTORY else _5
    __d[__n[6]] = __factory6() if _6 is __FACTORY else _6
    __d[__n[7]] = __factory7() if _7 is __FACTORY else _7
    __d[__n[8]] = __factory8() if _8 is __FACTORY else _8
    __d[__n[9]] = __factory9() if _9 is __FACTORY else _9
    __d[__n[10]] = __factory10() if _10 is __FACTORY else _10
    __d[__n[11]] = __factory11() if _11 is __FACTORY else _11


def _pppppp(self, _0, _1, _2, _3, _4, _5):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5


def _ppppppp(self, _0, _1, _2, _3, _4, _5, _6):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5
    __d[__n[6]] = _6


def _pppppppp(self, _0, _1, _2, _3, _4, _5, _6, _7):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5
    __d[__n[6]] = _6
    __d[__n[7]] = _7


def _pppppppppF(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5
    __d[__n[6]] = _6
    __d[__n[7]] = _7
    __d[__n[8]] = _8
    __d[__n[9]] = __factory9() if _9 is __FACTORY else _9


def _pppppppppp(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5
    __d[__n[6]] = _6
    __d[__n[7]] = _7
    __d[__n[8]] = _8
    __d[__n[9]] = _9


def _ppppppppppF(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5
    __d[__n[6]] = _6
    __d[__n[7]] = _7
    __d[__n[8]] = _8
    __d[__n[9]] = _9
    __d[__n[10]] = __factory10() if _10 is __FACTORY else _10


def _pppppppppppp(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5
    __d[__n[6]] = _6
    __d[__n[7]] = _7
    __d[__n[8]] = _8
    __d[__n[9]] = _9
    __d[__n[10]] = _10
    __d[__n[11]] = _11


def _pppppppppppppF(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5
    __d[__n[6]] = _6
    __d[__n[7]] = _7
    __d[__n[8]] = _8
    __d[__n[9]] = _9
    __d[__n[10]] = _10
    __d[__n[11]] = _11
    __d[__n[12]] = _12
    __d[__n[13]] = __factory13() if _13 is __FACTORY else _13


def _pppppppppppppp(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5
    __d[__n[6]] = _6
    __d[__n[7]] = _7
    __d[__n[8]] = _8
    __d[__n[9]] = _9
    __d[__n[10]] = _10
    __d[__n[11]] = _11
    __d[__n[12]] = _12
    __d[__n[13]] = _13


def _ppppppppppppppp(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5
    __d[__n[6]] = _6
    __d[__n[7]] = _7
    __d[__n[8]] = _8
    __d[__n[9]] = _9
    __d[__n[10]] = _10
    __d[__n[11]] = _11
    __d[__n[12]] = _12
    __d[__n[13]] = _13
    __d[__n[14]] = _14


def _pppppppppppppppppppFp(
    self,
    _0,
    _1,
    _2,
    _3,
    _4,
    _5,
    _6,
    _7,
    _8,
    _9,
    _10,
    _11,
    _12,
    _13,
    _14,
    _15,
    _16,
    _17,
    _18,
    _19,
    _20,
):
    __d = self.__dict__
    __n = __names
    __d[__n[0]] = _0
    __d[__n[1]] = _1
    __d[__n[2]] = _2
    __d[__n[3]] = _3
    __d[__n[4]] = _4
    __d[__n[5]] = _5
    __d[__n[6]] = _6
    __d[__n[7]] = _7
    __d[__n[8]] = _8
    __d[__n[9]] = _9
    __d[__n[10]] = _10
    __d[__n[11]] = _11
    __d[__n[12]] = _12
    __d[__n[13]] = _13
    __d[__n[14]] = _14
    __d[__n[15]] = _15
    __d[__n[16]] = _16
    __d[__n[17]] = _17
    __d[__n[18]] = _18
    __d[__n[19]] = __factory19() if _19 is __FACTORY else _19
    __d[__n[20]] = _20
