"""The pure rules: pinyin per GB/T 16159 (专名 and 通名 apart, capitals, apostrophe, ü), the sound key that finds
homophones, the form of a name (通名 for roads, forbidden words with their source)."""

from minzheng.placenames import rules


def test_pinyin_writes_the_specific_and_generic_apart_with_capitals():
    assert rules.pinyin_of("海秀路", "road") == "Haixiu Lu"
    assert rules.pinyin_of("滨海大道", "road") == "Binhai Dadao"
    assert rules.pinyin_of("龙昆南路", "road") == "Longkunnan Lu"


def test_pinyin_puts_an_apostrophe_before_a_o_e_and_keeps_u_umlaut():
    assert rules.pinyin_of("西安路", "road") == "Xi'an Lu"
    assert rules.pinyin_of("绿洲路", "road") == "Lüzhou Lu"


def test_names_with_different_characters_but_the_same_sound_share_the_key():
    assert rules.sound_key(rules.pinyin_of("海秀路", "road")) == rules.sound_key(
        rules.pinyin_of("海岫路", "road")
    )
    assert rules.sound_key("Lüzhou Lu") == "lvzhoulu"
    assert rules.sound_key(rules.pinyin_of("海秀路", "road")) != rules.sound_key(
        rules.pinyin_of("海绣街", "street")
    )


def test_a_road_needs_its_generic_and_the_longest_generic_wins():
    assert rules.generic_of("滨海大道", "road") == "大道"
    assert rules.generic_of("路", "road") == ""  # a generic alone is no name
    problems = rules.check_form("椰风", "road")
    assert [p.code for p in problems] == ["generic"] and "须以通名结尾" in problems[0].message
    assert rules.check_form("椰风苑", "residential") == []  # a residential area's generic is not forced


def test_forbidden_words_are_refused_with_their_reason_and_source():
    (problem,) = rules.check_form("曼哈顿路", "road")
    assert problem.code == "forbidden" and "外国地名" in problem.message and "条例》第九条" in problem.message
    (problem,) = rules.check_form("孙悟空路", "road")
    assert "文艺作品中的人物角色名称" in problem.message and "实施办法》第三条" in problem.message
    assert rules.check_form("Haixiu路", "road")[0].code == "characters"


def test_check_against_tells_duplicate_from_homophone():
    existing = [("海秀路", "haixiulu", "秀英区"), ("海岫街", "haixiujie", "龙华区")]
    problems = rules.check_against("海秀路", "road", "haixiulu", existing)
    assert [p.code for p in problems] == ["duplicate"]
    problems = rules.check_against("海岫路", "road", "haixiulu", existing)
    assert [p.code for p in problems] == ["homophone"] and "同音" in problems[0].message
