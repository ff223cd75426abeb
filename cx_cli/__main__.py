from cx_cli.cli.main import run

run()
