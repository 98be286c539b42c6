"""Hand-written stories that mirror the five seed pages (one anchor article per seed family).

English texts reuse the seed wording (cleaned of machine-translation glitches such as ``gripper,Promote``);
Chinese texts are written in the style of the originals the seeds were translated from.
"""

from __future__ import annotations

from datetime import datetime

from samples.contexts import EN_COUNTY, EN_NATIONAL, EN_PROVINCES, ZH_GENERIC, ZH_WEIHAI
from samples.stories import CHINA_TZ, Para, Story


def _p(*sentences: str) -> Para:
    return Para(tuple(sentences))


def _h(text: str) -> Para:
    return Para((text,), heading=True)


SEED_000 = Story(
    id="zh-seed-000",
    lang="zh",
    topic="integrity",
    headlines=(
        "威海市总工会以廉政教育月为契机 推动干部作风大提升",
        "威海市总工会扎实开展党风廉政建设宣传教育月活动",
    ),
    when=datetime(2020, 11, 19, 10, 12, tzinfo=CHINA_TZ),
    ctx=ZH_WEIHAI,
    paras=(
        _p(
            "根据《市总工会2020年党风廉政建设工作要点》，结合正在开展的干部作风能力提升行动，"
            "威海市总工会于近期开展了党风廉政宣传教育月活动。",
            "活动通过加强党的创新理论学习、诵读家风故事集、打卡“清廉之路”、开展廉政专题党课等形式，"
            "在党员干部政治建设、思想建设上下功夫，努力建设一支政治过硬、作风过硬、敢于担当、善于作为的工会干部队伍。",
        ),
        _h("强化理论学习，坚定理想信念"),
        _p(
            "“要聚焦形式主义、官僚主义问题开展全面检视、靶向治疗，切实为基层减负，让干部有更多时间和精力抓落实。”",
            "近日，威海市总工会机关党员干部围绕习近平总书记关于力戒形式主义官僚主义的重要论述开展大讨论，"
            "拉开了市总工会党风廉政宣传教育月活动的序幕。",
        ),
        _p(
            "市总工会把党风廉政宣传教育月与“周五集体学习日”制度结合起来，坚持集中学习与自主学习相结合，"
            "深入学习党的十九大和十九届二中、三中、四中、五中全会精神，及时跟进学习习近平总书记最新重要讲话精神，"
            "引导党员干部在学懂弄通做实上下功夫。",
        ),
        _h("学习先进典型，涵养清风正气"),
        _p(
            "“一、晚辈不准丢下工作专程来看望他，只能在出差顺路时来看看；二、来者一律住国务院招待所；"
            "三、不许请客送礼；四、不许动用公家的汽车……”",
            "在党小组会上，机关第三党支部党小组长正在诵读周恩来同志的“十条家规”。",
            "教育月活动把《老一辈革命家和先进模范人物好家风故事集》纳入党小组学习的重要内容，"
            "并组织党员干部签订了《党员领导干部“八小时以外”廉洁自律承诺书》。",
        ),
        _p(
            "为深入贯彻习近平总书记关于家风建设的重要讲话精神，市总工会还组织党员干部走进“清廉之路”廉政教育基地"
            "——谷牧旧居清廉家风馆，通过学习勤政廉政的先进典型，激励党员干部继承和弘扬中华优秀传统文化和革命前辈的红色家风。",
        ),
        _h("开展专题党课，筑牢思想防线"),
        _p(
            "本月，市总工会党组书记、常务副主席吴洪飞以《持续加强党风廉政建设 推动全面从严治党向纵深发展》为题，"
            "为机关全体干部讲授廉政专题党课。",
        ),
        _p(
            "在此基础上，市总工会还专门邀请市纪委宣讲团成员作党纪党规、全面从严治党等内容的专题辅导，"
            "念好纪律“紧箍咒”，打好廉洁“预防针”，教育引导党员干部知敬畏、存戒惧、守底线。",
        ),
        _p(
            "市总工会以党风廉政宣传教育月活动为抓手，一体推进不敢腐、不能腐、不想腐工作。",
            "下一步，将按照干部作风能力提升行动实施方案要求，立足工会工作实际，持续在干部作风建设上聚焦发力，"
            "以作风建设的新成效推动全市工会工作实现大提升、大突破。",
        ),
    ),
)

SEED_002 = Story(
    id="zh-seed-002",
    lang="zh",
    topic="integrity",
    headlines=("如何加强党员干部党风廉政教育",),
    when=datetime(2023, 3, 9, 9, 0, tzinfo=CHINA_TZ),
    ctx=ZH_GENERIC,
    extra={"masked": "1"},
    paras=(
        _h("一、立足工作实际，加强党性锻炼，注重有针对性的基础教育。"),
        _p(
            "领导干部在党员队伍中的重要地位和关键作用，决定了其思想作风、政治倾向和日常行为具有很强的辐射效应。",
            "因此，必须在坚持经常性学习教育的基础上加强党性修养，努力提高素质，进一步筑牢拒腐防变的思想道德防线。",
        ),
        _p(
            "（一）突出教育重点。领导干部是党风廉政教育的重点。",
            "如果不能正确对待自己的地位和作用，就会思想蜕化、意识淡薄，最终导致角色错位，产生一系列***问题。",
            "要经常教育督促党政“一把手”亲自抓、负总责，领导班子成员各负其责、一岗双责。",
        ),
        _p(
            "（二）注重分类施教。对在职领导干部经常进行专题教育，对新提拔干部进行任前教育，对后备干部进行基础知识教育，"
            "对有违纪苗头的干部进行诫勉教育。",
            "通过教育，触动领导干部的思想，提高领导干部的觉悟，筑牢领导干部的思想政治防线。",
        ),
        _h("二、创新教育平台，增强党风廉政教育的吸引力和感染力。"),
        _p(
            "（1）创新集中教育与日常教育相结合的平台。",
            "在抓好日常教育的同时，每年集中一定时间开展声势大、氛围浓的宣传教育活动，形成强大的教育声势。",
        ),
        _p(
            "（2）创新正面典型教育与反面典型教育相结合的平台。",
            "选树身边廉洁自律的典型事迹，组织党员干部深入警示教育基地，以案说纪、以案说法，使党员干部真正受到警醒，"
            "远离***和***。",
        ),
        _p(
            "（3）创新灵活多样的教育形式与针对性强的教育内容相结合的平台。",
            "一是以理服人，二是以情感人，三是以人格要求人，四是以行动影响人。",
            "要坚持用快板、民歌、小品、舞蹈等群众喜闻乐见的艺术形式营造宣传氛围，通过知识竞赛、党纪党规测试等方式扩大教育覆盖面。",
        ),
    ),
)

SEED_001 = Story(
    id="en-seed-001",
    lang="en",
    topic="training",
    headlines=(
        "Special training course for new members of the leading group of provincial trade unions was held in Beijing",
        "ACFTU Holds Training Course for New Leaders of Provincial Trade Unions",
    ),
    kicker="Keep in mind the earnest instructions and improve the ability to perform duties",
    reporters="Zheng Li Hao He",
    when=datetime(2024, 5, 25, 7, 5, tzinfo=CHINA_TZ),
    ctx=EN_NATIONAL,
    extra={
        "original_title": "Keep in mind the ardent instructions to improve the ability to perform duties (introduction)",
        "dateline": "Beijing, May 24",
        "editor": "Yu Xiaoshu",
    },
    paras=(
        _p(
            "From May 20 to 24, the All China Federation of Trade Unions (ACFTU) held a special training class for new "
            "members of the leading group of provincial trade unions in Beijing to thoroughly study and implement the "
            "spirit of the 18th National Congress of the Chinese Trade Union, and to further improve the ability of "
            "trade union leaders to perform their duties.",
            "Xu Liuping, Secretary of the Party Leadership Group, Vice Chairman and First Secretary of the Secretariat "
            "of the ACFTU, made a coaching report and had a discussion with everyone.",
        ),
        _p(
            "Xu Liuping made an in-depth interpretation from the aspects of studying the important statements on the "
            "ability building of the cadre team and the outstanding ability of trade union leaders.",
            "He pointed out that trade unions at all levels should conscientiously study and understand, and "
            "resolutely implement the requirements.",
        ),
        _p(
            "Xu Liuping put forward the model of outstanding ability of trade union leaders, and interpreted it in "
            "detail from 10 aspects, including political power, leadership, management, professionalism, "
            "communication, execution, innovation, teamwork, standardization and digital intelligence.",
            "We will strengthen digital intelligence, rely on new technologies such as artificial intelligence, and take "
            "the opportunity of the construction of the Workers' Home app to improve the overall ability of trade "
            "unions to serve workers.",
        ),
        _p(
            "This training class is an important one in the Training Plan for All China Federation of Trade Unions "
            "Cadres in 2024.",
            "Wang Jiaoping, Secretary of the General Secretariat and Head of the Organization Department, presided over "
            "the opening and closing ceremonies.",
            "The training course also invited relevant experts and scholars to make policy interpretations on "
            "accelerating the development of new quality productivity, and conducted on-site teaching.",
        ),
        _p(
            "New leading group members of the provincial federations of trade unions, the railway, civil aviation and "
            "financial trade unions, and the trade union federation of central and state organs participated in the "
            "study.",
            "Other leading group members participated in live learning of some courses through the National Trade "
            "Union Cadre Education and Training Network.",
            "The training course also provides supporting online courses for participants to learn online.",
        ),
    ),
)

SEED_003 = Story(
    id="en-seed-003",
    lang="en",
    topic="grassroots",
    headlines=(
        "Meixian County Changxing town held 2021 grassroots Party organization secretary grasp party construction "
        "work review conference",
    ),
    when=datetime(2022, 5, 8, 0, 0, tzinfo=CHINA_TZ),
    ctx=EN_COUNTY,
    paras=(
        _p(
            "On the afternoon of February 16, the town of Changxing held the 2021 annual review of the work of "
            "grassroots Party organization secretaries to grasp the Party construction and the 2022 discipline style "
            "rectification conference.",
            "Members of leading groups of towns, secretaries and deputy secretaries of party branches of villages, "
            "communities and non-public enterprises and all party members and cadres of organs attended the meeting.",
            "The meeting was presided over by the town deputy party secretary and mayor Li Xiaobo.",
        ),
        _p(
            "At the meeting, Zuo Jin, deputy secretary of the town Party Committee, arranged the activities related to "
            "the rectification of the town's discipline and style of work.",
            "Then the party branch secretaries of villages, communities and non-public enterprises reported on "
            "grassroots party construction in 2021, and members of the town party committee carried on the review and "
            "asked questions.",
        ),
        _p(
            "At the end of the meeting, participants filled in the test and evaluation form on the spot, and selected "
            "11 excellent Party organizations and 5 better Party organizations in 2021.",
            "The meeting proposed that the political consciousness of self-revolution should be used to promote the "
            "educational rectification.",
            "We need to have the political courage to address prominent problems with an inward focus and ensure that "
            "our work delivers real results.",
        ),
        _p(
            "Finally Feng Wei, secretary of the Party Committee of the town, stressed three points on the "
            "implementation of the spirit of the meeting.",
            "One is to face up to our own problems and fully understand the importance of the construction of good "
            "discipline style.",
            "Second, we must conscientiously carry out self-examination and rectification, and take the initiative to "
            "identify problems.",
            "Third, we must enhance the use of rectification results and promote the town to a new level with the actual "
            "effect of the construction of discipline and style of work!",
        ),
    ),
)

SEED_004 = Story(
    id="en-seed-004",
    lang="en",
    topic="grassroots",
    headlines=(
        "Zhejiang Provincial Federation of Trade Unions Held a Report Meeting on the Work of Cadres Going to "
        "Grassroots",
    ),
    reporters="Li Guofeng",
    when=datetime(2023, 7, 3, 16, 51, tzinfo=CHINA_TZ),
    ctx=EN_PROVINCES[0],
    extra={"closing_outlet": "Zhejiang Workers Daily", "editor": "Li Fang", "source": "China Industrial Network"},
    paras=(
        _p(
            "On the morning of June 30, the Zhejiang Provincial Federation of Trade Unions held a report meeting on the "
            "work of cadres going to the grassroots level to exchange views on the work of cadres from the provincial "
            "federation going to the grassroots level.",
            "The meeting stressed that it is necessary to do a solid job in the second half of the article of the spot "
            "survey, and use the survey results to promote the work of trade unions to solve problems and improve "
            "effectiveness.",
        ),
        _p(
            "Dong Jianwei, a member of the Party Leadership Group and Vice Chairman of the Provincial Federation of Trade "
            "Unions, presided over the meeting and delivered a speech.",
            "At the meeting, six squatting groups made exchange speeches on the implementation of their own grassroots "
            "squatting work.",
        ),
        _p(
            "Since the provincial federation of trade union cadres went to the grassroots level to work in 2021, it has "
            "become a brand with Zhejiang trade union recognition, effectively promoting trade union cadres to change "
            "their work style, go to the masses of workers and help solve problems.",
            "This year, thematic education has given it new connotation and new tasks.",
        ),
        _p(
            "At the exchange meeting, six groups of comrades demonstrated their own labor experience and ideological "
            "gains in the form of slides and written reports.",
            "Picture after picture, sentence after sentence from the heart, let people fully feel the physical and "
            "mental involvement of trade union cadres in their research.",
        ),
        _p(
            "The meeting required each team to follow up the relevant problem solving and work progress, promote the "
            "transformation of research results, and truly achieve results.",
            "Relevant departments should do a good job in the selection of the Best Achievement Award and Excellent "
            "Individual.",
        ),
        _p(
            "Heads of all departments of the provincial federation of trade unions, industrial trade unions stationed "
            "in the federation, and members of the team of directly affiliated units attended the meeting.",
        ),
    ),
)
