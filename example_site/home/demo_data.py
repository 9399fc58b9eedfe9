"""The fictional county government of the demo: departments and the catalogue entries they publish.

Everything here is made up. Organisation codes are well-formed 统一社会信用代码 (GB 32100-2015) whose
主体标识码 carries a valid GB 11714 check digit and whose 18th character is the GB 32100 check
character; they belong to no real body. ``load_demo_site`` turns this data into pages.
"""

import dataclasses
import datetime

from wagtail_disclosure.rules.org_codes import uscc_check_character

COUNTY = "某县"
# 行政区划码 of the fictional county: no real county has it.
REGION_CODE = "339999"
# Nothing is published after this day, so the demo is the same whatever day it is loaded.
LAST_PUBLISH_DATE = datetime.date(2026, 11, 20)
YEARS = range(2019, 2027)

GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
GB11714_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def org_code9(body8):
    """A 9-character 组织机构代码: 8 body characters and the GB 11714 check digit (0-9 or X)."""
    total = sum(GB11714_ALPHABET.index(c) * w for c, w in zip(body8, GB11714_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


def uscc(body8):
    """统一社会信用代码 of a 机关 (登记管理部门 1 = 机构编制, 类别 1 = 机关) in the fictional county."""
    first17 = "11" + REGION_CODE + org_code9(body8)
    return first17 + uscc_check_character(first17)


@dataclasses.dataclass(frozen=True)
class Org:
    key: str
    name: str
    short_name: str
    prefix: str  # 发文字号 机关代字
    body8: str

    @property
    def code(self):
        return uscc(self.body8)


ORGANISATIONS = [
    Org("zf", "某县人民政府", "县政府", "某政发", "00201001"),
    Org("zfb", "某县人民政府办公室", "县政府办", "某政办发", "00201002"),
    Org("fgj", "某县发展和改革局", "县发改局", "某发改发", "00201011"),
    Org("jyj", "某县教育局", "县教育局", "某教发", "00201012"),
    Org("czj", "某县财政局", "县财政局", "某财发", "00201013"),
    Org("rsj", "某县人力资源和社会保障局", "县人社局", "某人社发", "00201014"),
    Org("zrj", "某县自然资源局", "县自然资源局", "某自然资发", "00201015"),
    Org("sthj", "某县生态环境局", "县生态环境局", "某环发", "00201016"),
    Org("zjj", "某县住房和城乡建设局", "县住建局", "某建发", "00201017"),
    Org("nyj", "某县农业农村局", "县农业农村局", "某农发", "00201018"),
    Org("wjw", "某县卫生健康委员会", "县卫健委", "某卫健发", "00201019"),
    Org("scj", "某县市场监督管理局", "县市场监管局", "某市监发", "00201020"),
    Org("yjj", "某县应急管理局", "县应急管理局", "某应急发", "00201021"),
    Org("mzj", "某县民政局", "县民政局", "某民发", "00201022"),
    Org("tjj", "某县统计局", "县统计局", "某统发", "00201023"),
]
ORGS = {org.key: org for org in ORGANISATIONS}

CN_NUMBERS = "一二三四五六七八九十"
QUARTERS = ["一", "二", "三", "四"]


@dataclasses.dataclass
class Template:
    """A kind of document an organisation publishes, once a year (or per quarter / issue)."""

    key: str
    org: str
    title: str
    topic: tuple
    genre: str
    kind: str  # issue | notice | announce | report | stats
    summary: str
    points: list
    keywords: str = ""
    audience: str = "公众"
    numbered: bool = False
    prefix: str = ""  # overrides the organisation's 机关代字
    months: tuple = (3, 5)
    years: range = YEARS
    doc: str = ""  # the title of the document a notice issues (kind "issue")
    quarters: bool = False
    issues: tuple = ()  # (month_from, month_to) per issue within a year, e.g. 食品抽检 第1期 / 第2期
    values: object = None  # callable(rng, year) -> dict of numbers used in the text
    interpretation: bool = False  # publish a 政策解读 with it
    normative: bool = False  # a 行政规范性文件 (genre is then 行政规范性文件)


def _air(rng, year):
    good = round(rng.uniform(86.0, 97.5), 1)
    return {"good": good, "pm25": rng.randint(22, 38), "pm10": rng.randint(41, 66), "delta": round(rng.uniform(0.3, 3.2), 1)}


def _budget(rng, year):
    income = round(8.2 + (year - 2019) * 0.55 + rng.uniform(-0.3, 0.3), 2)
    spend = round(income * rng.uniform(2.6, 3.1), 2)
    return {"income": income, "spend": spend, "growth": round(rng.uniform(2.1, 7.8), 1), "depts": rng.randint(46, 58)}


def _economy(rng, year):
    gdp = round(182 + (year - 2019) * 11.5 + rng.uniform(-3, 3), 1)
    return {
        "gdp": gdp,
        "growth": round(rng.uniform(2.2, 7.6), 1),
        "invest": round(rng.uniform(1.5, 9.5), 1),
        "retail": round(gdp * rng.uniform(0.36, 0.42), 1),
        "urban": rng.randint(38000, 52000) + (year - 2019) * 1600,
        "rural": rng.randint(17000, 22000) + (year - 2019) * 1100,
        "projects": rng.randint(48, 76),
        "amount": round(rng.uniform(62, 118), 1),
    }


def _dibao(rng, year):
    urban = 620 + (year - 2019) * 35 + rng.choice((0, 5, 10))
    return {"urban": urban, "rural": urban - 90 - rng.choice((0, 10, 20)), "people": rng.randint(5200, 7400)}


def _school(rng, year):
    return {"schools": rng.randint(38, 46), "pupils": rng.randint(31000, 36000), "teachers": rng.randint(2500, 2900), "plan": rng.randint(5200, 6100)}


def _land(rng, year):
    total = round(rng.uniform(95, 180), 1)
    return {"total": total, "industry": round(total * 0.42, 1), "housing": round(total * 0.18, 1), "public": round(total * 0.27, 1)}


def _jobs(rng, year):
    return {"posts": rng.randint(60, 160), "edu": rng.randint(25, 80)}


def _subsidy(rng, year):
    return {"area": round(rng.uniform(58, 66), 2), "rate": rng.choice((102, 105, 108, 110, 112)), "households": rng.randint(41000, 46000)}


def _food(rng, year):
    batches = rng.randint(180, 420)
    failed = rng.randint(1, 6)
    return {"batches": batches, "failed": failed, "rate": round(100 * (batches - failed) / batches, 1)}


def _health(rng, year):
    return {"beds": rng.randint(1700, 2300), "doctors": round(rng.uniform(2.4, 3.3), 2), "visits": round(rng.uniform(142, 196), 1), "rate": round(rng.uniform(92.0, 98.5), 1)}


def _pension(rng, year):
    return {"min": rng.choice((100, 200, 300)), "max": rng.choice((5000, 6000, 8000)), "subsidy": rng.choice((30, 40, 50))}


def _env(rng, year):
    return {"good": round(rng.uniform(86.0, 96.5), 1), "water": rng.randint(92, 100), "sections": rng.randint(9, 14)}


TEMPLATES = [
    Template(
        key="zwgkyd", org="zfb", kind="issue", numbered=True, months=(3, 5), audience="政府机关",
        title="某县人民政府办公室关于印发《某县{y}年政务公开工作要点》的通知", doc="某县{y}年政务公开工作要点",
        topic=("综合政务", "政务公开"), genre="通知", keywords="政务公开 工作要点",
        summary="印发某县{y}年政务公开工作要点，部署政策公开、解读回应、平台建设和监督保障等重点任务。",
        points=[
            ("加强政策发布解读", "围绕稳增长、促改革、惠民生等重点工作，及时公开政策文件，坚持政策文件与解读方案同步组织、同步审签、同步部署，解读材料原则上在文件公开后3个工作日内发布。"),
            ("推进重点领域信息公开", "持续做好财政预决算、重大建设项目、公共资源配置、社会公益事业等领域信息公开，按照基层政务公开标准目录及时更新内容。"),
            ("规范依申请公开办理", "严格执行政府信息公开申请登记、审核、办理、答复、归档等制度，确保在法定期限内答复，提升答复文书规范化水平。"),
            ("夯实公开平台和保障机制", "加强政府网站政府信息公开专栏建设，规范栏目设置和索引号编制；将政务公开纳入年度绩效考核，强化培训和督促检查。"),
        ],
    ),
    Template(
        key="rwfj", org="zf", kind="issue", numbered=True, months=(2, 3), audience="政府机关",
        title="某县人民政府关于印发《某县{y}年政府工作报告重点工作任务分解方案》的通知", doc="某县{y}年政府工作报告重点工作任务分解方案",
        topic=("综合政务", "政务督查"), genre="通知", keywords="政府工作报告 任务分解 督查",
        summary="将{y}年县政府工作报告确定的目标任务分解到县政府领导和责任单位，明确完成时限和督查要求。",
        points=[
            ("总体要求", "各责任单位要对照分解方案，逐项制定具体推进计划，明确时间表、路线图和责任人，确保各项任务按期完成。"),
            ("责任分工", "每项任务明确一名县政府领导牵头，一个主办单位负总责，协办单位积极配合，形成上下联动、齐抓共管的工作格局。"),
            ("督查落实", "县政府督查室对重点任务实行清单化管理，每季度开展一次专项督查，督查结果纳入年度综合考核。"),
        ],
    ),
    Template(
        key="yygs", org="czj", kind="report", months=(2, 3),
        title="关于{y}年度县级部门预算公开的说明", topic=("财政、金融、审计", "财政"), genre="其他文件",
        keywords="部门预算 预算公开 三公经费", values=_budget,
        summary="说明{y}年度县级部门预算公开的范围、时间和内容，{depts}个县级部门（单位）同步公开部门预算。",
        points=[
            ("公开范围", "除涉密部门外，县级一级预算单位均应公开本部门预算，本年度共{depts}个部门（单位）公开部门预算。"),
            ("公开时间", "各部门在县人民代表大会批准预算后20日内，在县人民政府门户网站“政府信息公开”专栏集中公开。"),
            ("公开内容", "包括部门职责及机构设置情况、收支总体情况、一般公共预算支出情况、政府性基金预算支出情况、“三公”经费预算情况、政府采购预算情况和绩效目标等。"),
        ],
    ),
    Template(
        key="jsgs", org="czj", kind="report", months=(8, 9),
        title="关于{p}年度县级部门决算公开的说明", topic=("财政、金融、审计", "财政"), genre="其他文件",
        keywords="部门决算 决算公开", values=_budget,
        summary="说明{p}年度县级部门决算公开的范围、内容和口径，重点公开“三公”经费决算及变动原因。",
        points=[
            ("公开范围", "经县人民代表大会常务委员会审查批准后，{depts}个县级部门（单位）公开{p}年度部门决算。"),
            ("公开内容", "包括收入支出决算总表、财政拨款收入支出决算总表、一般公共预算财政拨款“三公”经费支出决算表等9张报表及情况说明。"),
            ("有关说明", "各部门对“三公”经费决算与预算的差异及增减变化原因作出说明，对机关运行经费、政府采购和国有资产占用情况予以公开。"),
        ],
    ),
    Template(
        key="yszx", org="czj", kind="report", months=(1, 2),
        title="关于某县{p}年预算执行情况和{y}年预算草案的报告", topic=("财政、金融、审计", "财政"), genre="报告",
        keywords="预算执行 预算草案 人代会", values=_budget,
        summary="报告{p}年全县一般公共预算执行情况和{y}年县级预算草案，一般公共预算收入{income}亿元。",
        points=[
            ("{p}年预算执行情况", "全县一般公共预算收入完成{income}亿元，增长{growth}%；一般公共预算支出{spend}亿元，民生支出占比保持在八成左右。"),
            ("{y}年预算草案", "坚持量入为出、收支平衡，一般公共预算收入预期增长与经济增长基本同步，优先保障基本民生、工资发放和机构正常运转。"),
            ("完成预算任务的主要措施", "深化预算管理制度改革，全面实施预算绩效管理，严控一般性支出，加强政府债务管理，防范化解财政运行风险。"),
        ],
    ),
    Template(
        key="kqzl", org="sthj", kind="announce", quarters=True,
        title="某县{y}年第{q}季度空气质量状况公告", topic=("城乡建设、环境保护", "环境保护"), genre="公告",
        keywords="空气质量 优良天数 PM2.5", values=_air,
        summary="{y}年第{q}季度，全县环境空气质量优良天数比例为{good}%，PM2.5平均浓度为{pm25}微克/立方米。",
        points=[
            (None, "根据县城区环境空气质量自动监测站监测数据，{y}年第{q}季度全县环境空气质量优良天数比例为{good}%，同比上升{delta}个百分点。"),
            (None, "细颗粒物（PM2.5）平均浓度为{pm25}微克/立方米，可吸入颗粒物（PM10）平均浓度为{pm10}微克/立方米，二氧化硫、二氧化氮、一氧化碳浓度均达到国家二级标准。"),
            (None, "下一步，县生态环境局将继续加强扬尘、机动车尾气和工业废气污染防治，及时发布空气质量信息，引导公众做好健康防护。"),
        ],
    ),
    Template(
        key="zsfa", org="jyj", kind="issue", numbered=True, months=(4, 5), audience="学生",
        title="某县教育局关于印发《某县{y}年义务教育招生工作方案》的通知", doc="某县{y}年义务教育招生工作方案",
        topic=("科技、教育", "教育"), genre="通知", keywords="义务教育 招生 入学", values=_school, interpretation=True,
        summary="明确{y}年全县义务教育阶段学校招生对象、招生范围、报名程序和时间安排，计划招收一年级新生约{plan}人。",
        points=[
            ("招生原则", "坚持公益性、公平性原则，全面落实免试就近入学，公办、民办义务教育学校同步招生，严禁以任何形式的考试、测评选拔学生。"),
            ("招生对象", "凡年满6周岁（{y}年8月31日前出生）具有本县户籍或随父母在本县居住的适龄儿童，均可申请入读小学一年级。"),
            ("报名程序", "实行网上报名与现场审核相结合，家长通过“某县义务教育招生服务平台”填报信息，各学校按学区划分审核材料并公示录取结果。"),
            ("工作要求", "各学校要严格执行招生计划，规范招生行为，畅通咨询渠道，公布招生咨询电话，及时回应家长关切。"),
        ],
    ),
    Template(
        key="sydwzp", org="rsj", kind="announce", months=(4, 6), values=_jobs,
        title="某县{y}年事业单位公开招聘工作人员公告", topic=("劳动、人事、监察", "人事工作"), genre="公告",
        keywords="事业单位 公开招聘", audience="公众",
        summary="{y}年全县事业单位公开招聘工作人员{posts}名，其中教育系统{edu}名，明确报名条件、程序和考试安排。",
        points=[
            ("招聘计划", "{y}年全县事业单位计划公开招聘工作人员{posts}名，其中教育系统{edu}名，具体岗位及条件详见招聘岗位表。"),
            ("报考条件", "具有中华人民共和国国籍，遵守宪法和法律，具有良好的品行和适应岗位要求的身体条件，符合招聘岗位要求的学历、专业等条件。"),
            ("报名方式", "报名采取网上报名方式进行，报考人员只能选择一个岗位报名。报名期间，招聘单位对报考人员资格进行初审。"),
            ("考试与聘用", "考试采取笔试和面试相结合的方式。根据考试成绩、考察和体检结果，择优确定拟聘人员并进行公示，公示期为7个工作日。"),
        ],
    ),
    Template(
        key="fxfz", org="yjj", kind="notice", numbered=True, months=(4, 5), audience="政府机关",
        title="某县应急管理局关于做好{y}年汛期安全生产和防汛防灾工作的通知",
        topic=("综合政务", "应急管理"), genre="通知", keywords="防汛 安全生产 应急值守",
        summary="部署{y}年汛期安全生产和防汛防灾工作，要求强化隐患排查、值班值守和应急准备。",
        points=[
            ("全面排查风险隐患", "各乡镇、各有关部门要对山洪地质灾害点、病险水库、在建工地、危化品企业等开展拉网式排查，建立问题清单并限期整改。"),
            ("严格落实值班值守", "汛期实行24小时值班和领导带班制度，遇有重大险情灾情，要在30分钟内电话报告、1小时内书面报告。"),
            ("做好应急准备", "充实抢险救援队伍和防汛物资储备，及时修订完善应急预案，适时组织开展应急演练。"),
        ],
    ),
    Template(
        key="gdbt", org="nyj", kind="notice", numbered=True, months=(4, 6), audience="农民", values=_subsidy,
        title="某县农业农村局关于做好{y}年耕地地力保护补贴发放工作的通知",
        topic=("农业、林业、水利", "农业、畜牧业、渔业"), genre="通知", keywords="耕地地力保护补贴 惠农",
        summary="{y}年耕地地力保护补贴面积约{area}万亩，补贴标准为每亩{rate}元，通过“一卡通”直接发放到户。",
        points=[
            ("补贴对象和标准", "补贴对象为拥有耕地承包权的种地农民，全县补贴面积约{area}万亩，补贴标准为每亩{rate}元。"),
            ("申报核实", "各乡镇组织村级对补贴面积进行申报、核实和公示，公示时间不少于7天，确保面积准确、对象无误。"),
            ("资金发放", "补贴资金通过惠民惠农财政补贴资金“一卡通”发放，涉及农户约{households}户，严禁截留、挤占、挪用。"),
        ],
    ),
    Template(
        key="jbgw", org="wjw", kind="issue", numbered=True, months=(3, 6),
        title="某县卫生健康委员会关于印发《某县{y}年基本公共卫生服务项目实施方案》的通知", doc="某县{y}年基本公共卫生服务项目实施方案",
        topic=("卫生、体育", "卫生"), genre="通知", keywords="基本公共卫生服务 家庭医生",
        summary="明确{y}年基本公共卫生服务项目内容、补助标准、绩效评价和资金管理要求。",
        points=[
            ("项目内容", "包括居民健康档案管理、健康教育、预防接种、0—6岁儿童健康管理、孕产妇健康管理、老年人健康管理、慢性病患者健康管理等服务项目。"),
            ("资金管理", "人均基本公共卫生服务经费补助标准按上级规定执行，资金按照服务数量和质量拨付，专款专用。"),
            ("绩效评价", "县卫生健康委员会每半年组织一次绩效评价，评价结果与资金拨付挂钩。"),
        ],
    ),
    Template(
        key="spcj", org="scj", kind="announce", issues=((5, 7), (10, 12)), values=_food,
        title="某县市场监督管理局关于{y}年第{n}期食品安全监督抽检信息的通告",
        topic=("市场监管、安全生产监管", "食品药品监管"), genre="通告", keywords="食品安全 监督抽检",
        summary="公布{y}年第{n}期食品安全监督抽检结果，共抽检食品{batches}批次，检出不合格样品{failed}批次。",
        points=[
            (None, "近期，某县市场监督管理局组织抽检粮食加工品、食用油、肉制品、乳制品、蔬菜、水果等食品{batches}批次，检出不合格样品{failed}批次，抽检合格率为{rate}%。"),
            (None, "对抽检发现的不合格食品，县市场监督管理局已责令相关生产经营者立即采取下架、召回等措施控制风险，并依法开展调查处理。"),
            (None, "消费者如发现食品安全问题，可拨打12315投诉举报电话。"),
        ],
    ),
    Template(
        key="gyjsyd", org="zrj", kind="report", months=(2, 4), values=_land, audience="企业",
        title="某县{y}年度国有建设用地供应计划", topic=("国土资源、能源", "土地"), genre="计划",
        keywords="国有建设用地 供地计划",
        summary="{y}年全县国有建设用地计划供应总量{total}公顷，其中工矿仓储用地{industry}公顷、住宅用地{housing}公顷。",
        points=[
            ("供应总量", "{y}年全县国有建设用地计划供应总量为{total}公顷。"),
            ("供应结构", "其中工矿仓储用地{industry}公顷，住宅用地{housing}公顷，公共管理与公共服务用地{public}公顷，其余为商服用地和交通运输用地。"),
            ("实施保障", "严格执行土地利用总体规划和年度计划，优先保障重点项目、民生项目用地，实行“净地”出让，提高土地节约集约利用水平。"),
        ],
    ),
    Template(
        key="jlxq", org="zjj", kind="notice", numbered=True, months=(3, 5), years=range(2020, 2027), audience="公众",
        title="某县住房和城乡建设局关于做好{y}年城镇老旧小区改造工作的通知",
        topic=("城乡建设、环境保护", "城乡建设（含住房）"), genre="通知", keywords="老旧小区改造 城市更新",
        summary="部署{y}年城镇老旧小区改造工作，明确改造范围、内容、资金筹措和居民参与机制。",
        points=[
            ("改造范围", "重点改造2000年底前建成的城镇老旧小区，优先改造居民改造意愿强、参与积极性高的小区。"),
            ("改造内容", "分为基础类、完善类和提升类，重点解决供排水、供电、道路、消防、加装电梯、停车等群众急难愁盼问题。"),
            ("工作要求", "坚持“居民自愿、政府引导”，做到改造前问需于民、改造中问计于民、改造后问效于民，严格工程质量安全监管。"),
        ],
    ),
    Template(
        key="jhzx", org="fgj", kind="report", months=(1, 2), values=_economy,
        title="关于某县{p}年国民经济和社会发展计划执行情况与{y}年计划草案的报告",
        topic=("国民经济管理、国有资产监管", "宏观经济"), genre="报告", keywords="国民经济 发展计划",
        summary="报告{p}年全县国民经济和社会发展计划执行情况，提出{y}年主要预期目标和重点任务。",
        points=[
            ("{p}年计划执行情况", "全县地区生产总值{gdp}亿元，增长{growth}%；固定资产投资增长{invest}%；社会消费品零售总额{retail}亿元。"),
            ("{y}年主要预期目标", "地区生产总值增长6%左右，城乡居民人均可支配收入增长与经济增长基本同步，单位地区生产总值能耗完成上级下达目标。"),
            ("重点任务", "扩大有效投资，促进消费回升，推动产业转型升级，深化重点领域改革，持续保障和改善民生。"),
        ],
    ),
    Template(
        key="tjgb", org="tjj", kind="stats", months=(3, 4), values=_economy,
        title="某县{p}年国民经济和社会发展统计公报", topic=("国民经济管理、国有资产监管", "统计"), genre="统计信息",
        keywords="统计公报 地区生产总值",
        summary="{p}年全县地区生产总值{gdp}亿元，比上年增长{growth}%；城镇居民人均可支配收入{urban}元。",
        points=[
            ("综合", "初步核算，{p}年全县地区生产总值{gdp}亿元，按不变价格计算，比上年增长{growth}%。"),
            ("固定资产投资", "全年固定资产投资比上年增长{invest}%，其中工业投资和基础设施投资保持较快增长。"),
            ("国内贸易", "全年社会消费品零售总额{retail}亿元，城乡消费市场稳中有升。"),
            ("人民生活", "全年城镇居民人均可支配收入{urban}元，农村居民人均可支配收入{rural}元。"),
        ],
    ),
    Template(
        key="slfh", org="zfb", kind="notice", numbered=True, months=(1, 3), audience="政府机关",
        title="某县人民政府办公室关于做好{y}年森林防火工作的通知",
        topic=("农业、林业、水利", "林业"), genre="通知", keywords="森林防火 野外用火",
        summary="部署{y}年森林防火工作，严格野外火源管控，落实森林防火责任。",
        points=[
            ("压实防火责任", "各乡镇人民政府对本辖区森林防火工作负总责，层层签订责任书，把责任落实到山头地块和具体人员。"),
            ("严格火源管控", "森林防火期内，严禁野外吸烟、烧荒、上坟烧纸等一切野外用火行为，重点时段加密巡山护林频次。"),
            ("做好扑救准备", "加强专业扑火队伍建设，备足扑火物资，一旦发生火情，坚持“打早、打小、打了”。"),
        ],
    ),
    Template(
        key="dbbz", org="mzj", kind="notice", numbered=True, months=(6, 7), values=_dibao,
        title="某县民政局关于提高{y}年城乡居民最低生活保障标准的通知",
        topic=("民政、扶贫、救灾", "民政"), genre="通知", keywords="最低生活保障 社会救助",
        summary="自{y}年7月1日起，城市低保标准提高到每人每月{urban}元，农村低保标准提高到每人每月{rural}元。",
        points=[
            ("调整标准", "城市居民最低生活保障标准提高到每人每月{urban}元，农村居民最低生活保障标准提高到每人每月{rural}元。"),
            ("执行时间", "新标准自{y}年7月1日起执行，全县约{people}名保障对象受益。"),
            ("工作要求", "各乡镇要及时调整保障对象待遇，确保提标资金按月足额发放，不得截留、挪用。"),
        ],
    ),
    Template(
        key="sthjgb", org="sthj", kind="stats", months=(5, 6), values=_env,
        title="某县{p}年生态环境状况公报", topic=("城乡建设、环境保护", "环境保护"), genre="统计信息",
        keywords="生态环境 状况公报 水环境",
        summary="{p}年全县环境空气质量优良天数比例为{good}%，{sections}个地表水考核断面水质优良比例{water}%。",
        points=[
            ("大气环境", "全县环境空气质量优良天数比例为{good}%，主要污染物浓度持续下降。"),
            ("水环境", "{sections}个地表水考核断面水质优良比例为{water}%，集中式饮用水水源地水质达标率100%。"),
            ("声环境和土壤环境", "城区区域声环境质量总体较好，受污染耕地安全利用率达到上级考核要求。"),
        ],
    ),
    Template(
        key="zdxm", org="fgj", kind="notice", numbered=True, months=(3, 4), values=_economy, audience="企业",
        title="某县发展和改革局关于下达{y}年县级重点建设项目投资计划的通知",
        topic=("国民经济管理、国有资产监管", "宏观经济"), genre="通知", keywords="重点项目 投资计划",
        summary="下达{y}年县级重点建设项目{projects}个，年度计划投资{amount}亿元。",
        points=[
            ("项目安排", "{y}年安排县级重点建设项目{projects}个，年度计划投资{amount}亿元，涵盖产业发展、基础设施、社会民生和生态环保等领域。"),
            ("推进机制", "实行县领导联系重点项目制度，建立项目推进台账，每月调度项目进展。"),
            ("要素保障", "各有关部门要加强用地、资金、环评等要素保障，优化审批流程，推动项目早开工、早见效。"),
        ],
    ),
    Template(
        key="jytj", org="jyj", kind="stats", months=(3, 4), values=_school,
        title="某县{p}年教育事业发展统计公报", topic=("科技、教育", "教育"), genre="统计信息",
        keywords="教育统计 学校 在校生",
        summary="{p}年全县共有中小学校{schools}所，义务教育在校生{pupils}人，专任教师{teachers}人。",
        points=[
            ("学校情况", "全县共有中小学校{schools}所，其中小学、初中、九年一贯制学校和普通高中布局进一步优化。"),
            ("学生情况", "义务教育阶段在校生{pupils}人，九年义务教育巩固率保持在较高水平。"),
            ("教师情况", "全县中小学专任教师{teachers}人，本科及以上学历教师比例稳步提高。"),
        ],
    ),
    Template(
        key="wjtj", org="wjw", kind="stats", months=(5, 6), values=_health,
        title="某县{p}年卫生健康事业发展统计公报", topic=("卫生、体育", "卫生"), genre="统计信息",
        keywords="卫生健康 统计公报",
        summary="{p}年末全县医疗卫生机构床位{beds}张，每千人口执业（助理）医师{doctors}人。",
        points=[
            ("卫生资源", "年末全县医疗卫生机构床位{beds}张，每千人口执业（助理）医师{doctors}人。"),
            ("医疗服务", "全年全县医疗卫生机构总诊疗人次{visits}万人次。"),
            ("公共卫生", "适龄儿童国家免疫规划疫苗接种率保持在{rate}%以上，重点人群健康管理率稳步提升。"),
        ],
    ),
    Template(
        key="cjyl", org="rsj", kind="notice", numbered=True, months=(1, 2), values=_pension,
        title="某县人力资源和社会保障局关于做好{y}年度城乡居民基本养老保险缴费工作的通知",
        topic=("劳动、人事、监察", "社会保障"), genre="通知", keywords="城乡居民养老保险 缴费",
        summary="明确{y}年度城乡居民基本养老保险缴费档次、缴费时间和政府补贴标准。",
        points=[
            ("缴费档次", "{y}年度缴费标准设{min}元至{max}元多个档次，参保人自主选择档次缴费，多缴多得。"),
            ("政府补贴", "对选择最低档次缴费的，政府补贴标准为每人每年{subsidy}元，选择较高档次缴费的适当增加补贴金额。"),
            ("缴费方式", "参保人可通过银行柜台、手机银行、“某县社保”微信公众号等渠道缴费。"),
        ],
    ),
    Template(
        key="yshj", org="zfb", kind="issue", numbered=True, months=(3, 5), years=range(2021, 2027), audience="企业", interpretation=True,
        title="某县人民政府办公室关于印发《某县{y}年优化营商环境工作方案》的通知", doc="某县{y}年优化营商环境工作方案",
        topic=("国民经济管理、国有资产监管", "经济体制改革"), genre="通知", keywords="营商环境 放管服",
        summary="围绕企业全生命周期，提出{y}年优化营商环境的重点任务和责任分工。",
        points=[
            ("提升政务服务效能", "推进“一网通办”“一件事一次办”，企业开办时间压缩至1个工作日以内，工程建设项目审批全流程时间进一步压缩。"),
            ("维护公平竞争秩序", "全面落实公平竞争审查制度，清理妨碍统一市场和公平竞争的政策措施，规范涉企行政检查。"),
            ("强化要素保障", "加大对中小微企业信贷支持力度，落实减税降费政策，做好用工、用地等要素保障。"),
            ("健全政企沟通机制", "建立县领导联系重点企业制度，畅通“12345”政务服务便民热线企业诉求办理渠道。"),
        ],
    ),
]

TEMPLATES += [
    Template(
        key="dcfh", org="zfb", kind="notice", numbered=True, months=(10, 11), audience="公众",
        title="某县人民政府办公室关于做好{y}年冬春火灾防控工作的通知",
        topic=("市场监管、安全生产监管", "安全生产监管"), genre="通知", keywords="火灾防控 消防安全 冬春",
        summary="部署{y}年冬春火灾防控工作，聚焦人员密集场所、高层建筑和农村地区，坚决遏制较大以上火灾事故。",
        points=[
            ("开展隐患排查整治", "围绕人员密集场所、高层建筑、大型综合体、“九小场所”和农村自建房，组织开展消防安全隐患排查整治。"),
            ("强化宣传教育", "深入开展消防宣传“进企业、进农村、进社区、进学校、进家庭”活动，提升群众自防自救能力。"),
            ("落实应急准备", "加强消防救援力量执勤备战，做好冬季灭火救援物资储备，确保一旦发生火灾能够快速处置。"),
        ],
    ),
    Template(
        key="gzqx", org="rsj", kind="notice", numbered=True, months=(10, 11), audience="公众",
        title="某县人力资源和社会保障局关于开展{y}年度根治欠薪冬季专项行动的通知",
        topic=("劳动、人事、监察", "劳动就业"), genre="通知", keywords="根治欠薪 农民工工资",
        summary="自{y}年11月至次年春节前，在全县开展根治欠薪冬季专项行动，重点检查工程建设领域工资支付情况。",
        points=[
            ("行动时间", "专项行动自{y}年11月开始，至次年春节前结束。"),
            ("重点任务", "全面排查在建工程项目农民工工资专用账户、实名制管理、工资保证金等制度落实情况，集中处置欠薪线索。"),
            ("工作要求", "畅通“12345”热线等投诉举报渠道，对恶意欠薪的依法惩处，涉嫌犯罪的及时移送公安机关。"),
        ],
    ),
    Template(
        key="qdz", org="nyj", kind="report", months=(9, 10), audience="农民",
        title="某县{y}年秋冬种农业生产技术指导意见",
        topic=("农业、林业、水利", "农业、畜牧业、渔业"), genre="意见", keywords="秋冬种 农业技术",
        summary="针对{y}年秋冬种生产形势，提出小麦、油菜等作物播种、田间管理和防灾减灾技术措施。",
        points=[
            ("适期播种", "小麦适宜播期为10月中下旬，油菜适宜播期为9月下旬至10月上旬，各地根据墒情适墒播种。"),
            ("科学施肥", "推广测土配方施肥和机械深施技术，增施有机肥，减少化肥用量。"),
            ("防灾减灾", "密切关注天气变化，做好冻害、渍害防范，及早开展病虫害监测预警。"),
        ],
    ),
]

# 法治政府建设年度报告: several departments publish one every year before the end of March.
for _org in ("zf", "scj", "zrj"):
    TEMPLATES.append(
        Template(
            key=f"fzzf-{_org}", org=_org, kind="report", months=(2, 3), audience="公众",
            title=ORGS[_org].name + "关于{p}年法治政府建设情况的报告",
            topic=("公安、安全、司法", "司法"), genre="报告", keywords="法治政府建设 年度报告",
            summary="报告" + ORGS[_org].short_name + "{p}年推进法治政府建设的主要举措、存在的不足和{y}年工作安排。",
            points=[
                ("主要举措和成效", "深入学习贯彻习近平法治思想，健全依法决策机制，规范重大行政决策程序，严格规范公正文明执法。"),
                ("存在的不足和原因", "执法人员专业能力与新形势新任务要求还有差距，行政规范性文件合法性审核有待进一步加强。"),
                ("{y}年工作安排", "持续深化“放管服”改革，加强行政执法监督，落实行政执法“三项制度”，推进法治宣传教育。"),
            ],
        )
    )


@dataclasses.dataclass
class OneOff:
    """A single document with a fixed date, e.g. a plan or a regulation."""

    key: str
    org: str
    title: str
    date: datetime.date
    topic: tuple
    genre: str
    kind: str
    summary: str
    points: list
    keywords: str = ""
    audience: str = "公众"
    numbered: bool = True
    doc: str = ""
    interpretation: bool = False
    normative: bool = False
    validity: str = "valid"
    validity_changed_on: datetime.date = None
    replaced_by: str = ""  # key of the replacing OneOff


D = datetime.date

ONE_OFFS = [
    OneOff(
        key="ybyl2019", org="zf", kind="issue", date=D(2019, 6, 12), normative=True,
        title="某县人民政府关于印发《某县城乡居民基本医疗保险实施办法》的通知", doc="某县城乡居民基本医疗保险实施办法",
        topic=("劳动、人事、监察", "社会保障"), genre="行政规范性文件", keywords="城乡居民医保 医疗保险",
        summary="统一全县城乡居民基本医疗保险覆盖范围、筹资标准、待遇保障和基金管理。",
        points=[
            ("参保范围", "除职工基本医疗保险应参保人员以外的本县城乡居民，均应参加城乡居民基本医疗保险。"),
            ("筹资标准", "实行个人缴费和政府补助相结合的筹资方式，筹资标准根据上级规定逐年调整。"),
            ("待遇保障", "参保居民在定点医疗机构发生的政策范围内住院费用，按医疗机构级别分档报销。"),
        ],
        validity="repealed", validity_changed_on=D(2024, 3, 8), replaced_by="ybyl2024",
    ),
    OneOff(
        key="ybyl2024", org="zf", kind="issue", date=D(2024, 3, 8), normative=True, interpretation=True,
        title="某县人民政府关于印发《某县城乡居民基本医疗保险实施办法（2024年修订）》的通知", doc="某县城乡居民基本医疗保险实施办法（2024年修订）",
        topic=("劳动、人事、监察", "社会保障"), genre="行政规范性文件", keywords="城乡居民医保 医疗保险 修订",
        summary="根据上级医疗保障政策调整，修订城乡居民基本医疗保险筹资、待遇和经办管理规定，原办法同时废止。",
        points=[
            ("修订内容", "提高门诊慢特病保障水平，统一住院起付标准，完善大病保险和医疗救助衔接机制。"),
            ("经办服务", "推行医保服务事项“网上办”“掌上办”，实现异地就医直接结算全覆盖。"),
            ("施行日期", "本办法自2024年4月1日起施行，《某县城乡居民基本医疗保险实施办法》同时废止。"),
        ],
    ),
    OneOff(
        key="zjd2020", org="zfb", kind="issue", date=D(2020, 5, 18), normative=True,
        title="某县人民政府办公室关于印发《某县农村宅基地管理办法（试行）》的通知", doc="某县农村宅基地管理办法（试行）",
        topic=("国土资源、能源", "土地"), genre="行政规范性文件", keywords="农村宅基地 审批", audience="农民",
        summary="规范农村宅基地申请、审批和使用管理，试行期两年。",
        points=[
            ("申请条件", "农村村民一户只能拥有一处宅基地，面积不得超过规定标准。"),
            ("审批程序", "实行村级审查、乡镇审核批准、县级备案的审批制度。"),
            ("试行期限", "本办法自印发之日起施行，有效期两年。"),
        ],
        validity="expired", validity_changed_on=D(2022, 5, 18), replaced_by="zjd2023",
    ),
    OneOff(
        key="zjd2023", org="zfb", kind="issue", date=D(2023, 4, 11), normative=True,
        title="某县人民政府办公室关于印发《某县农村宅基地管理办法》的通知", doc="某县农村宅基地管理办法",
        topic=("国土资源、能源", "土地"), genre="行政规范性文件", keywords="农村宅基地 审批", audience="农民",
        summary="在总结试行经验的基础上，正式出台农村宅基地管理办法。",
        points=[
            ("总体要求", "坚持农村土地集体所有，落实“一户一宅”，严格控制宅基地规模。"),
            ("审批管理", "建立乡镇联审联办制度，审批结果在村务公开栏公示。"),
            ("监督检查", "乡镇人民政府负责宅基地批后监管，发现违法占地建房的依法处理。"),
        ],
    ),
    OneOff(
        key="yjya2019", org="zfb", kind="issue", date=D(2019, 9, 16),
        title="某县人民政府办公室关于印发《某县突发事件总体应急预案》的通知", doc="某县突发事件总体应急预案",
        topic=("综合政务", "应急管理"), genre="通知", keywords="应急预案 突发事件",
        summary="明确全县突发事件应对的组织体系、运行机制和保障措施。",
        points=[
            ("适用范围", "本预案适用于本县行政区域内自然灾害、事故灾难、公共卫生事件和社会安全事件的应对工作。"),
            ("组织体系", "县人民政府是全县突发事件应对工作的行政领导机关，设立县突发事件应急委员会。"),
            ("运行机制", "建立健全风险防控、监测预警、应急处置与救援、恢复与重建等机制。"),
        ],
        validity="repealed", validity_changed_on=D(2025, 5, 20), replaced_by="yjya2025",
    ),
    OneOff(
        key="yjya2025", org="zfb", kind="issue", date=D(2025, 5, 20), interpretation=True,
        title="某县人民政府办公室关于印发《某县突发事件总体应急预案（2025年修订）》的通知", doc="某县突发事件总体应急预案（2025年修订）",
        topic=("综合政务", "应急管理"), genre="通知", keywords="应急预案 突发事件 修订",
        summary="修订全县突发事件总体应急预案，2019年印发的预案同时废止。",
        points=[
            ("修订背景", "根据新修订的《中华人民共和国突发事件应对法》和上级应急预案，结合本县实际对预案进行全面修订。"),
            ("主要变化", "完善分级响应标准，明确乡镇（街道）和村（社区）职责，强化预警信息发布和应急联动。"),
            ("附则", "本预案自印发之日起实施，2019年印发的《某县突发事件总体应急预案》同时废止。"),
        ],
    ),
    OneOff(
        key="dbxz2021", org="mzj", kind="issue", date=D(2021, 3, 9), normative=True,
        title="某县民政局关于印发《某县城乡居民最低生活保障实施细则》的通知", doc="某县城乡居民最低生活保障实施细则",
        topic=("民政、扶贫、救灾", "民政"), genre="行政规范性文件", keywords="最低生活保障 实施细则",
        summary="规范全县最低生活保障对象认定条件、审核确认程序和动态管理。",
        points=[
            ("保障对象", "共同生活的家庭成员人均收入低于当地最低生活保障标准且符合财产状况规定的，可以申请最低生活保障。"),
            ("审核确认", "乡镇人民政府负责受理、调查和审核确认，县民政局负责监督指导。"),
            ("动态管理", "对保障对象实行分类管理，定期核查家庭收入和财产变化情况。"),
        ],
        validity="repealed", validity_changed_on=D(2025, 2, 17), replaced_by="dbxz2025",
    ),
    OneOff(
        key="dbxz2025", org="mzj", kind="issue", date=D(2025, 2, 17), normative=True, interpretation=True,
        title="某县民政局关于印发《某县最低生活保障审核确认办法》的通知", doc="某县最低生活保障审核确认办法",
        topic=("民政、扶贫、救灾", "民政"), genre="行政规范性文件", keywords="最低生活保障 审核确认",
        summary="优化最低生活保障审核确认程序，下放审核确认权限，原实施细则同时废止。",
        points=[
            ("审核确认权限", "最低生活保障审核确认权限下放至乡镇人民政府，县民政局加强监督检查。"),
            ("便民措施", "全面推行低保申请“全县通办”和网上申请，缩短办理时限。"),
            ("施行日期", "本办法自2025年3月1日起施行，《某县城乡居民最低生活保障实施细则》同时废止。"),
        ],
    ),
    OneOff(
        key="zdgz2021", org="rsj", kind="notice", date=D(2021, 7, 5),
        title="某县人力资源和社会保障局关于调整全县最低工资标准的通知",
        topic=("劳动、人事、监察", "劳动就业"), genre="通知", keywords="最低工资标准 劳动报酬",
        summary="根据上级通知，调整本县月最低工资标准和非全日制用工小时最低工资标准。",
        points=[
            ("调整标准", "本县月最低工资标准调整为1650元，非全日制用工小时最低工资标准调整为16元。"),
            ("执行时间", "新标准自2021年8月1日起执行。"),
            ("监督检查", "各用人单位应当及时调整工资水平，人力资源社会保障部门依法加强监督检查。"),
        ],
        validity="expired", validity_changed_on=D(2024, 9, 10), replaced_by="zdgz2024",
    ),
    OneOff(
        key="zdgz2024", org="rsj", kind="notice", date=D(2024, 9, 10),
        title="某县人力资源和社会保障局关于调整全县最低工资标准的通知（2024年）",
        topic=("劳动、人事、监察", "劳动就业"), genre="通知", keywords="最低工资标准 劳动报酬",
        summary="自2024年10月1日起，本县月最低工资标准调整为1850元，原标准同时停止执行。",
        points=[
            ("调整标准", "本县月最低工资标准调整为1850元，非全日制用工小时最低工资标准调整为18元。"),
            ("执行时间", "新标准自2024年10月1日起执行，2021年公布的最低工资标准同时停止执行。"),
            ("有关要求", "用人单位支付劳动者的工资不得低于最低工资标准，最低工资不包括加班工资、特殊工作环境补贴等。"),
        ],
    ),
    OneOff(
        key="tcsf2020", org="fgj", kind="issue", date=D(2020, 8, 24), normative=True,
        title="某县发展和改革局关于印发《某县城区机动车停放服务收费管理办法》的通知", doc="某县城区机动车停放服务收费管理办法",
        topic=("国民经济管理、国有资产监管", "物价"), genre="行政规范性文件", keywords="停车收费 价格管理",
        summary="规范县城区机动车停放服务收费行为，明确收费标准和明码标价要求。",
        points=[
            ("定价方式", "城区道路临时停车泊位和政府投资建设的公共停车场实行政府指导价，其他停车场实行市场调节价。"),
            ("收费标准", "小型车首小时收费不超过3元，此后每小时不超过2元，15分钟内免费。"),
            ("明码标价", "停车服务经营者应当在显著位置公示收费依据、收费标准和投诉电话。"),
        ],
        validity="repealed", validity_changed_on=D(2025, 7, 14), replaced_by="tcsf2025",
    ),
    OneOff(
        key="tcsf2025", org="fgj", kind="issue", date=D(2025, 7, 14), normative=True,
        title="某县发展和改革局关于印发《某县机动车停放服务收费管理办法》的通知", doc="某县机动车停放服务收费管理办法",
        topic=("国民经济管理、国有资产监管", "物价"), genre="行政规范性文件", keywords="停车收费 价格管理",
        summary="将机动车停放服务收费管理范围扩大到全县，实行分区域、分时段差别化收费，原办法同时废止。",
        points=[
            ("适用范围", "本办法适用于本县行政区域内机动车停放服务收费管理。"),
            ("差别化收费", "按照中心区、一般区实行分区域差别化收费，鼓励夜间错时共享停车。"),
            ("施行日期", "本办法自2025年8月1日起施行，《某县城区机动车停放服务收费管理办法》同时废止。"),
        ],
    ),
    OneOff(
        key="ycfz2019", org="zjj", kind="issue", date=D(2019, 4, 22), normative=True,
        title="某县住房和城乡建设局关于印发《某县建设工程施工扬尘污染防治管理办法》的通知", doc="某县建设工程施工扬尘污染防治管理办法",
        topic=("城乡建设、环境保护", "城乡建设（含住房）"), genre="行政规范性文件", keywords="扬尘污染 建筑工地", audience="企业",
        summary="落实建筑工地扬尘防治“六个百分之百”要求，明确建设、施工、监理单位责任。",
        points=[
            ("防治措施", "施工现场应当做到周边围挡、物料堆放覆盖、出入车辆清洗、施工现场地面硬化、拆迁工地湿法作业、渣土车辆密闭运输。"),
            ("责任主体", "建设单位对扬尘污染防治负总责，施工单位负直接责任，监理单位负监理责任。"),
            ("监督管理", "县住房和城乡建设局建立扬尘防治巡查制度，对违法行为依法处理。"),
        ],
        validity="repealed", validity_changed_on=D(2023, 8, 7), replaced_by="ycfz2023",
    ),
    OneOff(
        key="ycfz2023", org="zjj", kind="issue", date=D(2023, 8, 7), normative=True,
        title="某县住房和城乡建设局关于印发《某县建设工程扬尘污染防治管理规定》的通知", doc="某县建设工程扬尘污染防治管理规定",
        topic=("城乡建设、环境保护", "城乡建设（含住房）"), genre="行政规范性文件", keywords="扬尘污染 建筑工地", audience="企业",
        summary="修订建设工程扬尘污染防治管理规定，推行在线监测和信用管理，原办法同时废止。",
        points=[
            ("在线监测", "建筑面积1万平方米以上的工地应当安装扬尘在线监测和视频监控设备，并与主管部门联网。"),
            ("信用管理", "将扬尘污染防治情况纳入建筑市场主体信用评价。"),
            ("施行日期", "本规定自印发之日起施行，原《某县建设工程施工扬尘污染防治管理办法》同时废止。"),
        ],
    ),
    OneOff(
        key="yqzc2020", org="zfb", kind="issue", date=D(2020, 2, 14), normative=True,
        title="某县人民政府办公室关于印发《某县支持中小企业共渡难关的若干措施》的通知", doc="某县支持中小企业共渡难关的若干措施",
        topic=("国民经济管理、国有资产监管", "宏观经济"), genre="行政规范性文件", keywords="中小企业 纾困", audience="企业",
        summary="从减轻企业负担、加大金融支持、稳定职工队伍等方面出台阶段性支持措施，有效期至2020年12月31日。",
        points=[
            ("减轻企业负担", "对承租国有资产类经营用房的中小企业，减免1个月房租，减半收取2个月房租。"),
            ("加大金融支持", "政府性融资担保机构对受影响的中小企业降低担保费率，不抽贷、不断贷、不压贷。"),
            ("有效期限", "本措施自印发之日起施行，有效期至2020年12月31日。"),
        ],
        validity="expired", validity_changed_on=D(2020, 12, 31),
    ),
    OneOff(
        key="ssw2021", org="zf", kind="issue", date=D(2021, 3, 26), interpretation=True,
        title="某县人民政府关于印发《某县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》的通知",
        doc="某县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
        topic=("国民经济管理、国有资产监管", "宏观经济"), genre="规划", keywords="十四五规划 远景目标",
        summary="印发经县人民代表大会审查批准的“十四五”规划纲要，明确2021—2025年发展目标和2035年远景目标。",
        points=[
            ("发展环境", "“十三五”时期，全县经济社会发展取得显著成就，综合实力迈上新台阶。"),
            ("主要目标", "到2025年，地区生产总值年均增长6%左右，城乡居民收入增长与经济增长同步。"),
            ("重点任务", "构建现代产业体系，推进新型城镇化和乡村振兴，加强生态文明建设，增进民生福祉。"),
        ],
    ),
    OneOff(
        key="jyssw2021", org="jyj", kind="report", date=D(2021, 9, 13), numbered=True,
        title="某县“十四五”教育事业发展规划", topic=("科技、教育", "教育"), genre="规划", keywords="十四五 教育规划",
        summary="明确“十四五”时期全县学前教育、义务教育、普通高中和职业教育发展目标。",
        points=[
            ("发展目标", "到2025年，学前三年毛入园率达到95%以上，九年义务教育巩固率达到98%以上。"),
            ("主要任务", "扩大普惠性学前教育资源，推进义务教育优质均衡发展，促进普通高中多样化有特色发展。"),
            ("保障措施", "加强教师队伍建设，完善教育经费投入机制，推进教育数字化。"),
        ],
    ),
    OneOff(
        key="wjssw2022", org="wjw", kind="report", date=D(2022, 1, 18), numbered=True,
        title="某县“十四五”卫生健康事业发展规划", topic=("卫生、体育", "卫生"), genre="规划", keywords="十四五 卫生健康",
        summary="提出“十四五”时期全县卫生健康事业发展的总体要求、主要目标和重点任务。",
        points=[
            ("主要目标", "到2025年，人均预期寿命稳步提高，每千人口执业（助理）医师数达到3.2人。"),
            ("重点任务", "深化县域医共体建设，提升公共卫生应急能力，发展中医药事业。"),
            ("保障措施", "加强组织领导，加大财政投入，强化人才支撑。"),
        ],
    ),
    OneOff(
        key="gtkj2023", org="zrj", kind="announce", date=D(2023, 6, 12), numbered=False,
        title="关于《某县国土空间总体规划（2021—2035年）》（草案）批前公示的公告",
        topic=("国土资源、能源", "土地"), genre="公告", keywords="国土空间规划 批前公示",
        summary="对《某县国土空间总体规划（2021—2035年）》（草案）进行批前公示，公示期30日，征求社会公众意见。",
        points=[
            (None, "为提高规划编制的科学性和公众参与度，现将《某县国土空间总体规划（2021—2035年）》（草案）予以公示。"),
            (None, "公示时间为2023年6月12日至7月11日，共30日。公示地点为某县人民政府门户网站和县自然资源局办事大厅。"),
            (None, "公示期间，社会各界可通过电子邮件、信函等方式提出意见建议。"),
        ],
    ),
    OneOff(
        key="ylfw2025", org="zfb", kind="issue", date=D(2025, 9, 8), interpretation=True,
        title="某县人民政府办公室关于印发《某县推进基本养老服务体系建设实施方案》的通知", doc="某县推进基本养老服务体系建设实施方案",
        topic=("民政、扶贫、救灾", "民政"), genre="通知", keywords="养老服务 老年人", audience="老年人",
        summary="建立基本养老服务清单，完善居家社区机构相协调的养老服务体系。",
        points=[
            ("服务清单", "制定发布某县基本养老服务清单，明确服务对象、服务内容、服务标准和支出责任。"),
            ("服务网络", "每个乡镇建成1所以上具备综合功能的养老服务中心，村（社区）养老服务站点覆盖率达到90%以上。"),
            ("保障措施", "落实养老服务设施用地、财政补助和人才培养政策。"),
        ],
    ),
    OneOff(
        key="ysqbl2026", org="zfb", kind="notice", date=D(2026, 3, 16), audience="政府机关",
        title="某县人民政府办公室关于进一步规范政府信息公开申请办理工作的通知",
        topic=("综合政务", "政务公开"), genre="通知", keywords="依申请公开 政府信息公开",
        summary="规范政府信息公开申请的接收、登记、补正、征求意见、答复和归档，严格执行法定期限。",
        points=[
            ("规范接收登记", "各单位要统一申请渠道，收到申请后当日登记，按《中华人民共和国政府信息公开条例》第三十一条确定收到申请之日。"),
            ("严格法定期限", "不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不得超过20个工作日。"),
            ("规范答复文书", "答复文书要做到依据充分、理由明确、告知救济途径，并按年度报告统计口径准确归类。"),
        ],
    ),
]


@dataclasses.dataclass
class Withheld:
    """An entry recorded in the catalogue system but not proactively disclosed (so never public)."""

    key: str
    org: str
    title: str
    date: datetime.date
    topic: tuple
    genre: str
    attribute: str  # on_request | withheld
    reason: str
    numbered: bool = True


WITHHELD = [
    Withheld(
        "cwhy2024", "zfb", "某县人民政府第二十七次常务会议纪要", D(2024, 6, 21), ("综合政务", "其他"), "纪要", "on_request",
        "会议纪要中涉及的部分事项尚在研究论证，属于条例第十六条第二款规定的过程性信息；可依申请公开已形成决定的事项。",
    ),
    Withheld(
        "wfgz2023", "zjj", "关于某镇2023年度农村危房改造补助对象审核情况的报告", D(2023, 10, 9), ("城乡建设、环境保护", "城乡建设（含住房）"), "报告", "on_request",
        "涉及补助对象家庭住址、收入等个人信息，仅依申请向相关权利人提供（条例第十五条）。", numbered=False,
    ),
    Withheld(
        "bmgz2025", "zfb", "某县2025年度保密工作情况报告", D(2025, 10, 22), ("综合政务", "其他"), "报告", "withheld",
        "属于依法确定为国家秘密的政府信息（条例第十四条）。",
    ),
    Withheld(
        "tdqs2024", "zrj", "关于某企业申请分期缴纳土地出让价款的请示", D(2024, 11, 4), ("国土资源、能源", "土地"), "其他文件", "withheld",
        "属于请示报告类过程性信息，并涉及第三方商业秘密（条例第十五条、第十六条第二款）。",
    ),
    Withheld(
        "xzcf2024", "sthj", "某县生态环境局行政处罚案卷（某化工有限公司废气超标排放案）", D(2024, 8, 19), ("城乡建设、环境保护", "环境保护"), "其他文件", "withheld",
        "属于行政执法案卷信息（条例第十六条第二款）；处罚决定已按规定另行公示。", numbered=False,
    ),
    Withheld(
        "jszp2025", "jyj", "某县2025年中小学教师公开招聘面试评分记录", D(2025, 7, 28), ("劳动、人事、监察", "人事工作"), "其他文件", "on_request",
        "涉及考生个人信息和评委评分过程，公开前须征求第三方意见，依申请公开（条例第十五条、第三十二条）。", numbered=False,
    ),
]


INTERPRETATION_POINTS = [
    ("起草背景", "为贯彻落实上级有关决策部署，结合本县实际，{org}起草了《{doc}》。"),
    ("主要内容", "《{doc}》共分为总体要求、主要任务和保障措施等部分，明确了工作目标、责任分工和完成时限。"),
    ("主要特点", "一是突出问题导向，回应群众和企业关切；二是注重可操作性，细化具体措施；三是强化部门协同，形成工作合力。"),
    ("实施时间和解读机关", "《{doc}》自印发之日起施行。解读机关：{org}；解读人：{org}主要负责同志；联系电话：0000-1234567（演示用）。"),
]


# --- turning the data into entry specifications ------------------------------------------------

SEED = "mouxian-2026"
SALUTATIONS = {
    "zf": "各乡镇人民政府，县政府各部门，县直各单位：",
    "zfb": "各乡镇人民政府，县政府各部门，县直各单位：",
    "jyj": "各乡镇中心学校，县直各学校：",
    "wjw": "各乡镇卫生院，县直各医疗卫生单位：",
}
DEFAULT_SALUTATION = "各乡镇人民政府，县直有关单位："


@dataclasses.dataclass
class EntrySpec:
    slug: str
    org: str
    title: str
    topic: tuple
    genre: str
    written_date: datetime.date
    publish_date: datetime.date = None
    summary: str = ""
    body: str = ""
    keywords: str = ""
    audience: str = ""
    numbered: bool = False
    prefix: str = ""
    document_number: str = ""
    validity: str = "valid"
    validity_changed_on: datetime.date = None
    replaced_by: str = ""  # slug
    attribute: str = "public"
    reason: str = ""

    @property
    def is_public(self):
        return self.attribute == "public"


def cn_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def _rng(*parts):
    import random

    return random.Random(":".join([SEED, *map(str, parts)]))


def _paragraphs(points, context, style):
    html = []
    for number, (heading, text) in enumerate(points):
        text = text.format(**context)
        if heading is None:
            html.append(f"<p>{text}</p>")
        elif style == "inline":
            html.append(f"<p><b>{CN_NUMBERS[number]}、{heading.format(**context)}。</b>{text}</p>")
        else:
            html.append(f"<h3>{CN_NUMBERS[number]}、{heading.format(**context)}</h3><p>{text}</p>")
    return "".join(html)


def _signature(org, day):
    return f"<p>{ORGS[org].name}</p><p>{cn_date(day)}</p>"


def _notice_intro(title, org):
    core = title.split("关于", 1)[-1]
    for suffix in ("的通知", "的通告", "的公告"):
        core = core.removesuffix(suffix)
    core = core.split("（", 1)[0]
    if core.startswith("做好"):
        return f"为切实{core}，现将有关事项通知如下："
    return f"根据上级有关部署，结合我县实际，现就{core}有关事项通知如下："


def render_body(kind, org, title, points, context, written, doc="", genre=""):
    parts = []
    if kind == "issue":
        salutation = SALUTATIONS.get(org, DEFAULT_SALUTATION)
        if org == "zfb":
            lead = f"《{doc}》已经县人民政府同意，现印发给你们，请认真贯彻执行。"
        elif org == "zf":
            lead = f"现将《{doc}》印发给你们，请认真贯彻执行。"
        else:
            lead = f"现将《{doc}》印发给你们，请结合实际，认真抓好贯彻落实。"
        parts += [f"<p>{salutation}</p>", f"<p>{lead}</p>", _signature(org, written), f"<h2>{doc}</h2>"]
        parts.append(_paragraphs(points, context, "headings"))
    elif kind == "notice":
        parts += [f"<p>{SALUTATIONS.get(org, DEFAULT_SALUTATION)}</p>", f"<p>{_notice_intro(title, org)}</p>"]
        parts.append(_paragraphs(points, context, "inline"))
        parts.append("<p>请各单位高度重视，结合实际抓好落实，工作中遇到的问题及时报告。</p>")
        parts.append(_signature(org, written))
    elif kind == "announce":
        parts.append(_paragraphs(points, context, "inline"))
        parts.append("<p>特此通告。</p>" if genre == "通告" else "<p>特此公告。</p>")
        parts.append(_signature(org, written))
    elif kind == "stats":
        parts.append(_paragraphs(points, context, "headings"))
        parts.append("<p>注：本公报部分数据为初步统计数，各项数据以最终核定为准。</p>")
    else:  # report, interpretation
        parts.append(_paragraphs(points, context, "headings"))
        parts.append(_signature(org, written))
    return "".join(parts)


def _working_day_on_or_after(calendar, day):
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _written_date(calendar, rng, year, month_from, month_to):
    month = rng.randint(month_from, month_to)
    return _working_day_on_or_after(calendar, datetime.date(year, month, rng.randint(1, 26)))


def _publish_date(calendar, rng, written, late=False):
    """Mostly within the 20 working days of 条例第二十六条; a few late."""
    if late:
        delay = rng.randint(23, 40)
    else:
        delay = rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 10, 12, 15))
    return calendar.add_working_days(written, delay).date if delay else written


def _template_instances(template):
    """(slug, year, extra context, written month window) for every document of a template."""
    for year in template.years:
        base = f"{year}-{template.org}-{template.key}"
        if template.quarters:
            for index, name in enumerate(QUARTERS):
                month = 3 * index + 4
                written_year = year + (1 if month > 12 else 0)
                yield f"{base}-q{index + 1}", year, {"q": name}, (written_year, (month - 1) % 12 + 1, (month - 1) % 12 + 1)
        elif template.issues:
            for index, (month_from, month_to) in enumerate(template.issues):
                yield f"{base}-{index + 1}", year, {"n": index + 1}, (year, month_from, month_to)
        else:
            yield base, year, {}, (year, *template.months)


def build_entries(calendar):
    """Every entry of the demo, in the order of their 成文日期, deterministic for a given calendar."""
    specs = []

    def add_interpretation(parent, doc, org):
        context = {"doc": doc, "org": ORGS[org].name}
        specs.append(
            EntrySpec(
                slug=f"{parent.slug}-jd",
                org=org,
                title=f"《{doc}》政策解读",
                topic=parent.topic,
                genre="政策解读",
                written_date=parent.written_date,
                publish_date=parent.publish_date,
                summary=f"对《{doc}》的起草背景、主要内容和主要特点进行解读。",
                body=render_body("interpretation", org, "", INTERPRETATION_POINTS, context, parent.written_date),
                keywords=parent.keywords + " 政策解读",
                audience=parent.audience,
            )
        )

    for template in TEMPLATES:
        for slug, year, extra, (written_year, month_from, month_to) in _template_instances(template):
            rng = _rng(slug)
            written = _written_date(calendar, rng, written_year, month_from, month_to)
            published = _publish_date(calendar, rng, written, late=rng.random() < 0.05)
            if published > LAST_PUBLISH_DATE:
                published = _publish_date(calendar, rng, written)
            if published > LAST_PUBLISH_DATE:
                continue
            context = {"y": year, "p": year - 1, **extra, **(template.values(rng, year) if template.values else {})}
            title = template.title.format(**context)
            doc = template.doc.format(**context)
            spec = EntrySpec(
                slug=slug,
                org=template.org,
                title=title,
                topic=template.topic,
                genre=template.genre,
                written_date=written,
                publish_date=published,
                summary=template.summary.format(**context),
                body=render_body(template.kind, template.org, title, template.points, context, written, doc=doc, genre=template.genre),
                keywords=template.keywords,
                audience=template.audience,
                numbered=template.numbered,
                prefix=template.prefix,
            )
            specs.append(spec)
            if template.interpretation:
                add_interpretation(spec, doc, template.org)

    for item in ONE_OFFS:
        rng = _rng(item.key)
        written = _working_day_on_or_after(calendar, item.date)
        spec = EntrySpec(
            slug=item.key,
            org=item.org,
            title=item.title,
            topic=item.topic,
            genre=item.genre,
            written_date=written,
            publish_date=_publish_date(calendar, rng, written),
            summary=item.summary,
            body=render_body(item.kind, item.org, item.title, item.points, {}, written, doc=item.doc, genre=item.genre),
            keywords=item.keywords,
            audience=item.audience,
            numbered=item.numbered,
            validity=item.validity,
            validity_changed_on=item.validity_changed_on,
            replaced_by=item.replaced_by,
        )
        specs.append(spec)
        if item.interpretation:
            add_interpretation(spec, item.doc, item.org)

    for item in WITHHELD:
        specs.append(
            EntrySpec(
                slug=item.key,
                org=item.org,
                title=item.title,
                topic=item.topic,
                genre=item.genre,
                written_date=_working_day_on_or_after(calendar, item.date),
                summary="",
                body="<p>（本信息不属于主动公开范围，正文不予在网站发布。）</p>",
                numbered=item.numbered,
                attribute=item.attribute,
                reason=item.reason,
            )
        )

    specs.sort(key=lambda spec: (spec.written_date, spec.slug))
    _assign_document_numbers(specs)
    return specs


def _assign_document_numbers(specs):
    """发文字号 in date order, unique per organisation and year: 某政办发〔2024〕12号."""
    counters = {}
    for spec in specs:
        if not spec.numbered:
            continue
        key = (spec.org, spec.written_date.year)
        if key not in counters:
            counters[key] = _rng("number", *key).randint(1, 12)
        else:
            counters[key] += _rng("step", spec.slug).randint(2, 9)
        prefix = spec.prefix or ORGS[spec.org].prefix
        spec.document_number = f"{prefix}〔{spec.written_date.year}〕{counters[key]}号"
