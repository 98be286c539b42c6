(function () {
  var app = document.getElementById("app");
  var SITE = "云城市总工会";
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function get(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.onload = function () { done(JSON.parse(xhr.responseText)); };
    xhr.send();
  }
  function frame(main) {
    app.innerHTML = '<div class="header"><div class="banner"><img src="/static/logo.png" alt="' + esc(SITE) +
      '"></div><ul class="nav"><li><a href="#/news">首页</a></li><li><a href="#/news">工会动态</a></li>' +
      '<li><a href="#/about">关于我们</a></li></ul></div><div class="main">' + main +
      '</div><div class="footer">主办：' + esc(SITE) + '　地址：云城市人民路1号</div>';
  }
  function item(it) {
    return '<li><a href="#/news/detail?id=' + it.id + '">' + esc(it.title) + '</a><span class="date">' +
      esc(it.time.slice(0, 10)) + '</span></li>';
  }
  function list() {
    document.title = "工会动态" + "_" + SITE;
    frame('<div class="crumb">当前位置：<a href="#/news">首页</a> &gt; 工会动态</div>' +
      '<ul class="news-list"></ul><button class="load-more" type="button">加载更多</button>');
    var ul = app.querySelector(".news-list"), more = app.querySelector(".load-more"), page = 0;
    function load() {
      get("/api/news/page-" + (page + 1) + ".json", function (data) {
        page = data.page;
        ul.insertAdjacentHTML("beforeend", data.items.map(item).join(""));
        if (page >= data.pages) { more.parentNode.removeChild(more); }
      });
    }
    more.onclick = load;
    load();
  }
  function detail(id) {
    get("/api/news/" + id + ".json", function (a) {
      document.title = a.title + "_" + SITE;
      var info = "发布时间：" + esc(a.time) + "　来源：" + esc(a.source) + (a.author ? "　作者：" + esc(a.author) : "");
      frame('<div class="crumb">当前位置：<a href="#/news">首页</a> &gt; <a href="#/news">工会动态</a></div>' +
        '<div class="article"><h1>' + esc(a.title) + '</h1><div class="info">' + info + '</div>' +
        '<div class="content">' + a.paragraphs.map(function (p) { return "<p>" + esc(p) + "</p>"; }).join("") +
        '</div></div>');
    });
  }
  function route() {
    var hash = location.hash.replace(/^#/, "") || "/news";
    var match = /^\/news\/detail\?id=(\d+)$/.exec(hash);
    if (match) { detail(match[1]); }
    else if (hash === "/about") { frame("<p>" + esc(SITE) + "是云城市各级工会的领导机关。</p>"); }
    else { list(); }
  }
  window.addEventListener("hashchange", route);
  route();
})();
