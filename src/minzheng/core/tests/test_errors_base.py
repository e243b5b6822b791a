from minzheng.core.errors import DomainError


def test_a_domain_error_carries_its_message_and_field():
    exc = DomainError("身份证号码校验位不正确", field="id_number")
    assert str(exc) == "身份证号码校验位不正确"
    assert exc.as_dict() == {"field": "id_number", "message": "身份证号码校验位不正确"}


def test_without_a_field_the_api_body_says_null():
    assert DomainError("已过期").as_dict() == {"field": None, "message": "已过期"}
