from cx_cli.cli.main import run

# Guarded: nothing runs when this module is imported rather than run.
if __name__ == "__main__":
    run()
