"""Who and where a story is about: the organisation, its units, places, officials.

A `Context` supplies the slot values for the sentence banks. Names are drawn from small syllable pools with the
story's own `random.Random`, so every story gets its own cast and the output stays deterministic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

ZH_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
ZH_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红建国志文斌宏鹏飞海波宁晓东亮新春光辉林琳雪梅慧颖佳俊峰凯立群莉晨阳浩然婷倩云龙鑫瑞博丹"
# Characters that exist in GBK but not in GB2312: at least one zjgh page must carry one (see zjgh renderer).
ZH_GBK_ONLY_GIVEN = "喆堃镕昇玥"

EN_SURNAMES = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Zhao",
    "Huang",
    "Zhou",
    "Wu",
    "Xu",
    "Sun",
    "Hu",
    "Zhu",
    "Gao",
    "Lin",
    "He",
    "Guo",
    "Ma",
    "Luo",
    "Liang",
    "Song",
    "Zheng",
    "Xie",
    "Han",
    "Tang",
    "Feng",
    "Dong",
    "Cao",
    "Deng",
]
EN_GIVEN = [
    "Wei",
    "Fang",
    "Min",
    "Jing",
    "Qiang",
    "Lei",
    "Jun",
    "Yong",
    "Jie",
    "Tao",
    "Ming",
    "Chao",
    "Xia",
    "Ping",
    "Gang",
    "Jianguo",
    "Zhiwen",
    "Hongbin",
    "Xiaodong",
    "Haibo",
    "Chunguang",
    "Lihua",
    "Yufei",
    "Xinyu",
    "Guofeng",
    "Jiaoping",
    "Yudong",
    "Xiaobo",
    "Jianping",
    "Liuping",
    "Shuang",
    "Kai",
    "Hui",
    "Na",
    "Lin",
    "Yan",
]

EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Context:
    """Slot values for one organisation: `org` is named in full once per story, `org_short` thereafter."""

    lang: str
    org: str
    org_short: str
    cities: tuple[str, ...]
    units: tuple[str, ...]
    roles: tuple[str, ...]
    dateline_city: str = "Beijing"

    def person(self, rng: random.Random, extra_given: str = "") -> str:
        """A plausible name; Chinese names may take a character from `extra_given` (GBK-only characters)."""
        if self.lang == "zh":
            pool = ZH_GIVEN + extra_given
            given = "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2))))
            return rng.choice(ZH_SURNAMES) + given
        return f"{rng.choice(EN_SURNAMES)} {rng.choice(EN_GIVEN)}"


ZH_WEIHAI = Context(
    lang="zh",
    org="威海市总工会",
    org_short="市总工会",
    cities=("环翠区", "文登区", "荣成市", "乳山市", "火炬高技术产业开发区", "经济技术开发区", "临港经济技术开发区"),
    units=(
        "威海港集团",
        "威高集团",
        "三角集团",
        "华东数控公司",
        "家家悦集团",
        "威海市立医院",
        "国网威海供电公司",
        "迪尚集团",
        "好当家集团",
        "威海市公交集团",
        "石岛新港港务公司",
        "威海广泰空港设备公司",
        "文登区环卫中心",
        "荣成市石岛管理区",
        "乳山市银滩旅游度假区",
        "威海市水务集团",
    ),
    roles=(
        "市总工会党组书记、常务副主席",
        "市总工会党组成员、副主席",
        "市总工会一级调研员",
        "市总工会经审会主任",
    ),
)

ZH_ZHEJIANG = Context(
    lang="zh",
    org="浙江省总工会",
    org_short="省总工会",
    cities=(
        "杭州市",
        "宁波市",
        "温州市",
        "嘉兴市",
        "湖州市",
        "绍兴市",
        "金华市",
        "衢州市",
        "舟山市",
        "台州市",
        "丽水市",
    ),
    units=(
        "杭州地铁集团",
        "宁波舟山港集团",
        "吉利控股集团",
        "浙江省能源集团",
        "正泰集团",
        "海康威视",
        "浙江省交通投资集团",
        "巨化集团",
        "温州医科大学附属第一医院",
        "杭州公交集团",
        "浙江中烟工业公司",
        "义乌市国际陆港集团",
        "绍兴黄酒集团",
        "台州市椒江区环卫处",
        "湖州南太湖新区建设公司",
        "衢州元立金属制品公司",
    ),
    roles=("省总工会党组书记、常务副主席", "省总工会党组成员、副主席", "省总工会经审会主任", "省总工会一级巡视员"),
)

ZH_NATIONAL = Context(
    lang="zh",
    org="中华全国总工会",
    org_short="全总",
    cities=("北京市", "河北省", "江苏省", "浙江省", "山东省", "广东省", "四川省", "湖北省", "福建省", "安徽省"),
    units=(
        "中国中车集团",
        "国家电网公司",
        "中国建筑集团",
        "中国石化集团",
        "中国邮政集团",
        "中国铁路北京局集团",
        "中国船舶集团",
        "鞍钢集团",
        "中国移动通信集团",
        "中国航空工业集团",
    ),
    roles=("全总党组书记、副主席", "全总党组成员、书记处书记", "全总书记处书记", "全总组织部部长"),
)

# The aggregator's essays speak of unions in general: no organisation of its own.
ZH_GENERIC = Context(
    lang="zh",
    org="各级工会组织",
    org_short="各级工会",
    cities=("各地",),
    units=("企事业单位",),
    roles=("",),
)

EN_NATIONAL = Context(
    lang="en",
    org="the All-China Federation of Trade Unions",
    org_short="the ACFTU",
    cities=("Beijing", "Jiangsu", "Zhejiang", "Shandong", "Guangdong", "Sichuan", "Hubei", "Fujian"),
    units=(
        "CRRC Corporation",
        "State Grid Corporation",
        "China State Construction",
        "China Post Group",
        "Beijing Railway Bureau",
        "China Mobile",
        "Ansteel Group",
        "China Shipbuilding Group",
    ),
    roles=(
        "Secretary of the Party Leadership Group and Vice Chairman of the ACFTU",
        "member of the Secretariat of the ACFTU",
        "Head of the Organization Department of the ACFTU",
    ),
)


def _en_province(name: str, capital: str, cities: tuple[str, ...], units: tuple[str, ...]) -> Context:
    return Context(
        lang="en",
        org=f"the {name} Provincial Federation of Trade Unions",
        org_short="the provincial federation of trade unions",
        cities=cities,
        units=units,
        roles=(
            f"Vice Chairman of the {name} Provincial Federation of Trade Unions",
            "member of the Party Leadership Group of the provincial federation",
            "Chairman of the provincial federation of trade unions",
        ),
        dateline_city=capital,
    )


EN_PROVINCES: tuple[Context, ...] = (
    _en_province(
        "Zhejiang",
        "Hangzhou",
        ("Hangzhou", "Ningbo", "Wenzhou", "Shaoxing", "Jinhua"),
        ("Hangzhou Metro Group", "Ningbo Zhoushan Port", "Geely Holding Group", "Zhejiang Energy Group"),
    ),
    _en_province(
        "Jiangsu",
        "Nanjing",
        ("Nanjing", "Suzhou", "Wuxi", "Changzhou", "Xuzhou"),
        ("Xuzhou Construction Machinery Group", "Suzhou Industrial Park", "Nanjing Steel", "Jiangsu Expressway"),
    ),
    _en_province(
        "Shandong",
        "Jinan",
        ("Jinan", "Qingdao", "Yantai", "Weihai", "Weifang"),
        ("Qingdao Port", "Weichai Power", "Haier Group", "Shandong Energy Group"),
    ),
    _en_province(
        "Guangdong",
        "Guangzhou",
        ("Guangzhou", "Shenzhen", "Foshan", "Dongguan", "Zhuhai"),
        ("Guangzhou Metro", "Midea Group", "Shenzhen Bus Group", "Guangdong Power Grid"),
    ),
    _en_province(
        "Sichuan",
        "Chengdu",
        ("Chengdu", "Mianyang", "Deyang", "Yibin", "Leshan"),
        ("Dongfang Electric", "Chengdu Aircraft Industry", "Sichuan Road and Bridge", "Wuliangye Group"),
    ),
    _en_province(
        "Hubei",
        "Wuhan",
        ("Wuhan", "Yichang", "Xiangyang", "Shiyan", "Jingzhou"),
        ("Dongfeng Motor", "Wuhan Iron and Steel", "China Three Gorges Corporation", "Wuhan Metro"),
    ),
)

EN_COUNTY = Context(
    lang="en",
    org="the Meixian County Federation of Trade Unions",
    org_short="the county federation of trade unions",
    cities=("Meixian County", "Changxing Town", "Huaiya Town", "Jinqu Town", "Tangyu Town"),
    units=(
        "Meixian Kiwi Cooperative",
        "Changxing Industrial Park",
        "the county people's hospital",
        "Meixian Power Supply Company",
        "the county sanitation team",
        "Huaiya Textile Factory",
    ),
    roles=(
        "Chairman of the county federation of trade unions",
        "Secretary of the town Party Committee",
        "deputy secretary of the town Party Committee",
    ),
    dateline_city="Meixian",
)


def _zh_province(name: str, cities: tuple[str, ...], units: tuple[str, ...]) -> Context:
    return Context(
        lang="zh",
        org=f"{name}总工会",
        org_short="省总工会",
        cities=cities,
        units=units,
        roles=("省总工会党组书记、常务副主席", "省总工会党组成员、副主席", "省总工会组织部部长"),
    )


ZH_PROVINCES: tuple[Context, ...] = (
    _zh_province(
        "江苏省", ("南京市", "苏州市", "无锡市", "徐州市"), ("徐工集团", "南京地铁集团", "苏州工业园区管委会")
    ),
    _zh_province("山东省", ("济南市", "青岛市", "烟台市", "潍坊市"), ("潍柴集团", "山东港口集团", "海尔集团")),
    _zh_province("广东省", ("广州市", "深圳市", "佛山市", "东莞市"), ("广州地铁集团", "美的集团", "南方电网广东公司")),
    _zh_province("四川省", ("成都市", "绵阳市", "德阳市", "宜宾市"), ("东方电气集团", "四川路桥集团", "五粮液集团")),
)
