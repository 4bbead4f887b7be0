"""Stage 1: quote spans found in raw text, with offsets into it."""

from quotes.attribution.marks import find_quotes


def spans(text):
    return [(text[q.start:q.end], q.style, q.closed, q.continues) for q in find_quotes(text)]


def texts(text):
    return [text[q.start:q.end] for q in find_quotes(text)]


def test_curly_double_quotes_exclude_marks_and_keep_inner_punctuation():
    text = "“They were working under fire to help people,” the ministry said."
    assert texts(text) == ["They were working under fire to help people,"]


def test_straight_double_quotes_open_after_space_and_close_before_space():
    text = 'He said "yes" and then "no, never."'
    assert texts(text) == ["yes", "no, never."]


def test_british_single_quotes_with_apostrophes_inside_and_after():
    text = "‘We won’t stop,’ the minister’s aide said."
    assert texts(text) == ["We won’t stop,"]


def test_apostrophes_alone_are_not_quotes():
    for text in ("In the ’90s the ministry’s staff didn’t know.",
                 "Rock 'n' roll in the '90s wasn't 'em.",
                 "The ministers’ aide said nothing."):
        assert find_quotes(text) == [], text


def test_straight_single_quotes_as_quote_marks():
    text = "The BBC quoted him: 'This is a disgrace,' he said."
    assert texts(text) == ["This is a disgrace,"]


def test_plural_possessive_inside_single_quote_does_not_close_it():
    text = "‘The ministers’ plan will fail,’ she said."
    assert texts(text) == ["The ministers’ plan will fail,"]


def test_quote_over_several_sentences():
    text = "“We came. We saw. We left,” she said."
    assert texts(text) == ["We came. We saw. We left,"]


def test_multi_paragraph_quote_continues_where_next_paragraph_reopens():
    text = "“The first part of it.\n\n“The second part,” she said.\n\nNarration follows."
    found = spans(text)
    assert found == [("The first part of it.", "double", False, False),
                     ("The second part,", "double", True, True)]


def test_unclosed_quote_ends_with_its_paragraph():
    text = "He said “this never closes.\n\nThe rest is narration with “a quote” later."
    assert texts(text) == ["this never closes.", "a quote"]


def test_interrupted_quote_gives_two_spans():
    text = "“First part,” she said, “second part.”"
    assert texts(text) == ["First part,", "second part."]


def test_nested_single_quotes_stay_inside_double_quote():
    text = "“He told me ‘never again’,” she said."
    assert texts(text) == ["He told me ‘never again’,"]


def test_inches_mark_does_not_break_later_quotes():
    text = 'A 6" pipe burst. “It was loud,” a neighbour said.'
    assert "It was loud," in texts(text)


def test_offsets_index_the_original_text():
    text = "Intro.\r\n\r\n  “Windows line ends,”  he said.  "
    for quote in find_quotes(text):
        assert text[quote.start:quote.end] == quote.text(text)
    assert texts(text) == ["Windows line ends,"]


def test_unclosed_single_quotes_stay_linear():
    """100,000 characters of openers without closers once took minutes (quadratic rescans). Four times
    the text takes about four times as long (sixteen if quadratic); the best of three runs of each size,
    in the same process, so a slow or busy machine slows both alike. The time itself is in
    bench/startup.py."""
    import time

    def best(count: int) -> float:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            assert find_quotes(" 'a" * count) == []
            runs.append(time.perf_counter() - started)
        return min(runs)
    small, large = best(8_000), best(32_000)
    assert large < 8 * small, (small, large)


def test_unclosed_quote_ends_where_the_writer_reopens():
    # the first quote is never closed; the line break and a new opening mark start the next one
    text = ("“It is bad,” Ann Hill said Friday. “If we lose, we lose everything.\n"
            "“We never give up,” added Bob Lee. “Never.”\n\nThe vote is on Monday.")
    assert texts(text) == ["It is bad,", "If we lose, we lose everything.", "We never give up,", "Never."]


def test_single_marks_are_quotes_only_where_the_writer_uses_no_double_ones():
    headline = "Flynn says Trump ‘absolutely right’ on generals\n\n"
    body = "“He’s absolutely right,” Flynn said."
    assert texts(headline + body) == ["He’s absolutely right,"]
    assert texts(headline) == ["absolutely right"]


def test_nickname_inside_a_name_is_not_a_quote():
    text = "State Del. Marcia “Cia” Price shouted to the crowd: “Never.”"
    assert texts(text) == ["Never."]
