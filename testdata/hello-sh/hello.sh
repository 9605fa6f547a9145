# hello.sh: the seed tutorial's hello.py, in sh
my_ver="${my_ver:?my_ver is not set}"
arg="$1"
echo "hello $arg, my version is $my_ver!"
