<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>要闻 - 劳动报</title>
<link rel="next" href="/news/list.php?page=2">
</head>
<body>
<div class="topbar"><a href="/passport/login?from=top">登录</a> <a href="/share?url=http%3A%2F%2Fldb.sample.test%2F">分享</a>
<a href="/search?q=">搜索</a></div>
<div class="menu"><a href="/">首页</a> <a href="/news/list.php">要闻</a> <a href="/gh/list.html">工会</a> </div>
<div class="wrap">
<h2>要闻</h2>
<ul class="news-list">
<li><a href="/content/2023-12/09/content_573703.html?from=list">省总工会举办工会业务知识培训</a><span>12-09</span></li>
<li><a href="/content/2023-11/29/content_573295.html?from=list">省总工会举办基层工会主席培训班</a><span>11-29</span></li>
<li><a href="/content/2023-11/18/content_572842.html?from=list">四川省总工会党组理论学习中心组举行专题学习</a><span>11-18</span></li>
<li><a href="/content/2023-11/17/content_572821.html?from=list">四川省总工会召开劳模工匠事迹报告会</a><span>11-17</span></li>
<li><a href="/content/2023-11/03/content_572251.html?from=list">四川省总工会组织机关干部开展集体学习研讨</a><span>11-03</span></li>
<li><a href="/content/2023-11/02/content_572206.html?from=list">省总工会“夏送清凉”活动走进五粮液集团</a><span>11-02</span></li>
<li><a href="/content/2023-10/18/content_571605.html?from=list">搜索引擎公司成立工会 三千名程序员入会</a><span>10-18</span></li>
<li><a href="/content/2023-10/10/content_571288.html?from=list">绵阳市职工职业技能大赛五粮液集团赛区开赛</a><span>10-10</span></li>
</ul>
<div class="pages"><b>1</b> <a href="/news/list.php?page=2">2</a> <a href="/news/list.php?page=3">3</a> <a href="/news/list.php?page=2" rel="next">下一页 ›</a></div>
</div>
<div class="copyright">劳动报 版权所有</div>
</body>
</html>
