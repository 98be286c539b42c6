"""What the pure dedup tests share: two bodies (Chinese, English) and random signatures."""

from __future__ import annotations

import numpy as np
from datasketch import LeanMinHash

from workers.dedup import DedupConfig, from_values

CONFIG = DedupConfig()
ZH = (
    "7月3日，浙江省总工会召开干部下基层工作汇报会，听取各工作组赴基层蹲点调研情况汇报，研究部署下一阶段重点任务。"
    "今年4月以来，省总工会机关和直属单位共选派42名干部组成14个工作组，分赴11个设区市的产业园区开展蹲点调研。"
    "会议强调，要把调研成果转化为解决问题的实际举措，对收集到的意见建议逐条梳理、建立台账、限期办结。"
    "会上，各工作组结合蹲点情况，围绕货车司机入会难、园区职工子女暑期托管、一线职工技能提升等问题作了交流发言。"
    "会议要求，要建立干部下基层长效机制，推动工会服务向基层延伸、向职工身边延伸。"
)
EN = (
    "The All-China Federation of Trade Unions launched its 2024 care campaign for truck drivers in Langfang on May 20, "
    "pledging to build or upgrade 500 drivers' homes at highway service areas and logistics parks this year. The "
    "stations will offer drivers free hot water, rest areas, showers, laundry and advice on vehicle repairs. Unions "
    "have stepped up efforts to recruit truck drivers in recent years, and more than 4 million have joined."
)


def signatures(count: int, seed: int = 7, planted: bool = True) -> list[LeanMinHash]:
    """Random signatures; with `planted`, every third one a near copy of the previous (a few values changed)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        values = rng.integers(0, 2**32, CONFIG.num_perm, dtype=np.uint64).astype(np.uint32)
        if planted and i % 3 == 2:
            values = np.array(out[-1].hashvalues, dtype=np.uint32)
            values[rng.choice(CONFIG.num_perm, 40, replace=False)] = rng.integers(0, 2**32, 40, dtype=np.uint64)
        out.append(from_values(values))
    return out
