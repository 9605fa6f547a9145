import sys

print("Hello, " + (sys.argv[1] if len(sys.argv) > 1 else "world"))
