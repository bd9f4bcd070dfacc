"""``ivr serve``: a web page for callers and menu owners, and a JSON API with the CLI's shapes.

Needs the optional extra ``ivr[web]`` (Starlette, uvicorn, Jinja2); htmx ships in
``static/``, nothing is fetched at run time. The modules: ``catalog`` (the served hotlines,
by id), ``api`` (the JSON documents, the same builders as the CLI's), ``pages`` (what the
pages show), ``safety`` (limits, headers, the SVG check), ``app`` (the Starlette
application), ``server`` (uvicorn). See ``docs/web.md``.
"""
