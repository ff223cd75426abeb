from cx_cli.cli.main import run

# Guarded: a worker process (the report's charts) imports this module again.
if __name__ == "__main__":
    run()
