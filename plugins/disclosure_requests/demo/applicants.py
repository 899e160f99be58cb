"""The demo's applicants: people and organisations of 江岭市, all invented (the ID numbers
and credit codes only have valid check characters)."""


def _person(name, id_number, phone, email, address):
    return {
        "applicant_type": "person",
        "name": name,
        "id_type": "resident_id",
        "id_number": id_number,
        "phone": phone,
        "email": email,
        "address": address,
        "postcode": "361000",
    }


def _org(kind, name, credit_code, contact, phone, email, address):
    return {
        "applicant_type": kind,
        "name": name,
        "contact_person": contact,
        "id_type": "credit_code",
        "id_number": credit_code,
        "phone": phone,
        "email": email,
        "address": address,
        "postcode": "361000",
    }


APPLICANTS = {
    "chen": _person(
        "陈立新", "350203198506122037", "13906001234", "chenlx@example.com", "江岭市思明路18号"
    ),
    "lin": _person("林志强", "350202197903184513", "13906002345", "", "江岭市湖滨南路66号"),
    "huang": _person(
        "黄秀英", "350206199209251020", "13906003456", "hxy@example.com", "江岭市嘉禾路301号"
    ),
    "zheng": _person("郑国平", "35021119681104307X", "13906004567", "", "江岭市莲前西路9号"),
    "wu": _person(
        "吴建华", "350203199001010050", "13906005678", "wujh@example.com", "江岭市厦禾路88号"
    ),
    "xu": _person(
        "许丽", "350205198707204066", "13906006789", "xuli@example.com", "江岭市滨北路5号"
    ),
    "hengtong": _org(
        "company",
        "江岭市恒通机械制造有限公司",
        "91350200MA2Y8K3N1M",
        "周明",
        "0592-5201234",
        "office@hengtong.example.com",
        "江岭市火炬高新区创新路2号",
    ),
    "institute": _org(
        "research",
        "江岭市经济社会发展研究院",
        "12350200MB1L7P2Q4P",
        "刘洋",
        "0592-5202345",
        "ly@jlesi.example.org",
        "江岭市文园路12号",
    ),
    "lvyuan": _org(
        "nonprofit",
        "江岭市绿源环保公益服务中心",
        "52350200MJ3D6R8T5A",
        "张敏",
        "13906007890",
        "lvyuan@example.org",
        "江岭市洪文路27号",
    ),
    "mingzheng": _org(
        "legal",
        "福建明正律师事务所",
        "31350000MD4F5W7X28",
        "蔡文杰",
        "0592-5203456",
        "caiwj@mingzheng.example.com",
        "江岭市鹭江道100号",
    ),
    "haifeng": _org(
        "company",
        "江岭市海丰贸易有限公司",
        "91350211MA8Q2T6L3J",
        "许海峰",
        "0592-5204567",
        "",
        "江岭市象屿路8号",
    ),
}
