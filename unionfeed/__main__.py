from unionfeed.cli import app

app(prog_name="unionfeed")
