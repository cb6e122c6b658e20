"""The accessibility statement (tillgänglighetsredogörelse) follows Digg's model, in both languages."""

from __future__ import annotations


def _statement(client, lang=None):
    if lang:
        client.post("/language", data={"lang": lang})
    return client.get("/tillganglighet").get_data(as_text=True)


def test_the_statement_says_how_far_the_service_complies(client):
    page = _statement(client)
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in page


def test_the_statement_lists_the_known_shortcomings(client):
    page = _statement(client)
    assert "Innehåll som inte är tillgängligt" in page
    assert "beroende av författarens alternativtexter" in page


def test_the_statement_says_how_and_when_the_service_was_tested(client):
    page = _statement(client)
    assert "axe-core" in page
    assert "tangentbord" in page
    assert "200 procents förstoring" in page
    assert "Den senaste bedömningen gjordes den 25 november 2026." in page


def test_the_statement_tells_how_to_report_a_problem_to_the_configured_contact(app, client):
    app.config["ACCESSIBILITY_CONTACT"] = "tillganglighet@kommun.example"
    page = _statement(client)
    assert 'href="mailto:tillganglighet@kommun.example?subject=' in page
    assert "tillganglighet@kommun.example" in page.split("Anmäl en brist")[1]


def test_the_statement_names_digg_and_how_to_complain(client):
    page = _statement(client)
    assert "Myndigheten för digital förvaltning (Digg)" in page
    assert 'href="https://www.digg.se/tdosanmalan"' in page


def test_the_statement_is_in_english_when_english_is_chosen(client):
    page = _statement(client, "en")
    assert "<h1>Accessibility statement</h1>" in page
    assert "partly compliant with the Act on accessibility to digital public services" in page
    assert "The latest assessment was made on 25 November 2026." in page
