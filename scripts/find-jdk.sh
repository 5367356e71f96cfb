# Sourced by ./faunus, .ci/run and every other script: picks a JDK >= 21 and exports JAVA_HOME and JAVA.
# Order (docs/conventions): $JAVA_HOME, then `java` on PATH, then the newest /usr/lib/jvm/*.

faunus_java_major() { # prints the major version of the java binary $1, or 0
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  case "$v" in 1.*) v=${v#1.}; v=${v%%.*} ;; esac
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

faunus_find_jdk() {
  local cand home best="" best_v=0 v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(faunus_java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    best="$JAVA_HOME"
  elif command -v java >/dev/null 2>&1 && [ "$(faunus_java_major java)" -ge 21 ]; then
    cand=$(readlink -f "$(command -v java)")
    best=$(dirname "$(dirname "$cand")")
  else
    for cand in /usr/lib/jvm/*/bin/java; do
      [ -x "$cand" ] || continue
      v=$(faunus_java_major "$cand")
      if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best_v=$v; best=$(dirname "$(dirname "$cand")"); fi
    done
  fi
  if [ -z "$best" ] || [ ! -x "$best/bin/javac" ]; then
    echo "Faunus needs a JDK 21 or newer (for example Temurin 21 or 25); install one and set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export JAVA="$best/bin/java"
}
