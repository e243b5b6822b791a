"""The rules of public fundraising, each against its source."""

from datetime import date

from minzheng.charity import rules


def test_a_plan_is_filed_ten_days_before_the_campaign():
    # 《慈善组织公开募捐管理办法》第十一条: 开展公开募捐活动十日前备案
    assert rules.filing_refusal(starts_on=date(2020, 3, 11), filed_on=date(2020, 3, 1), emergency=False) == ""
    refusal = rules.filing_refusal(starts_on=date(2020, 3, 10), filed_on=date(2020, 3, 1), emergency=False)
    assert "10日前备案" in refusal and "2020-02-29" in refusal


def test_an_emergency_campaign_may_file_within_ten_days_after_it_starts():
    # 《慈善法》(2023)第七十三条: 重大突发事件，活动开始后十日内补办备案
    assert rules.filing_refusal(starts_on=date(2020, 1, 26), filed_on=date(2020, 2, 5), emergency=True) == ""
    assert "10日内补办备案" in rules.filing_refusal(
        starts_on=date(2020, 1, 26), filed_on=date(2020, 2, 6), emergency=True
    )


def test_only_a_qualified_organisation_raises_funds_publicly():
    # 《慈善法》第二十二条
    assert rules.qualification_refusal(public_fundraising=True, organisation="甲") == ""
    assert "第二十二条" in rules.qualification_refusal(public_fundraising=False, organisation="甲")


def test_donations_belong_to_the_campaign_period_and_receipts_are_numbered():
    # 《慈善法》第二十四条 (起止时间), 第三十八条 (捐赠票据)
    assert rules.donation_date_refusal(received_on=date(2021, 1, 1), starts_on=date(2020, 1, 1),
                                       ends_on=date(2020, 12, 31))  # fmt: skip
    assert rules.receipt_number(prefix="HKCS", year=2020, seq=12) == "HKCS20200000012"
