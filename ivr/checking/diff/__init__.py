"""``ivr diff``: what a change to the menus does to callers.

Three layers, each a list of :class:`Change`: :mod:`.structure` (menus, nodes, options,
prompts, entries), :mod:`.claims` (every documented claim replayed on both sides) and
:mod:`.routes` (the best route of every caller context by keys, time and cost);
:mod:`.report` prints them, :mod:`.git` reads the old side from a git revision and
:mod:`.compare` puts it together. ``exit_code`` is 0 without a regression and 1 with one.
"""
