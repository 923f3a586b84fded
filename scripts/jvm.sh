# shellcheck shell=bash
# How the applications' JVMs start, shared by quickstart.sh and bench/run.sh (sourced, not run).
#
# jvm_default_options JAVA   the options used unless the caller's own are given: an 80 MB heap and the G1
#                            collector (about 300 MB of memory per service after load; G1 collects the old generation
#                            concurrently, where the Serial collector's full collections of so small a heap decide
#                            the p99), on JDK 22+ periodic trimming of the native heap, on JDK 25+ compact object
#                            headers.
# jvm_env                    (array) the environment the JVMs start in, for `env`: glibc's malloc held to two arenas
#                            (MALLOC_ARENA_MAX, unless the caller's environment sets it).
# jvm_prepare JAVA JAR DIR OPTIONS
#                            sets the array jvm_launch to the arguments after `java OPTIONS` that start JAR. The jar
#                            is extracted once into DIR (Spring Boot's `-Djarmode=tools extract`: class data sharing
#                            needs plain jars) and a training run records what startup loads, links and compiles: an
#                            AOT cache on JDK 25+ (-XX:AOTCacheOutput / -XX:AOTCache), a dynamic CDS archive on JDK
#                            21-24. Both are redone when the jar or OPTIONS change; a JVM that cannot use them starts
#                            without. JVM_CACHE=off starts the jar as it is. The training run starts the application
#                            with the caller's environment and stops it once its context is refreshed
#                            (spring.context.exit=onRefresh), before it listens on any port.

# glibc gives each thread that allocates natively an arena of its own, up to 8 per core, and keeps their freed memory;
# two are plenty for these JVMs (their Java heap is not malloc'd). No effect on musl (the Alpine image).
jvm_env=("MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}")

jvm_feature() { # java: the JDK's feature version, e.g. 25
	"$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

jvm_default_options() { # java
	local options="-XX:+UseG1GC -Xmx80m -XX:+ExitOnOutOfMemoryError" feature
	feature="$(jvm_feature "$1")"
	# native memory the JIT compilers and others freed goes back to the system (about 40 MB of RSS after load)
	if [ "$feature" -ge 22 ]; then
		options="$options -XX:TrimNativeHeapInterval=2000"
	fi
	if [ "$feature" -ge 25 ]; then
		options="$options -XX:+UseCompactObjectHeaders"
	fi
	printf '%s\n' "$options"
}

jvm_prepare() { # java jar dir options
	local java="$1" jar="$2" dir="$3" options="$4" name home feature stamp record
	jvm_launch=(-jar "$jar")
	[ "${JVM_CACHE:-auto}" = off ] && return 0
	name="$(basename "$jar" .jar)"
	home="$dir/$name"
	feature="$(jvm_feature "$java")"
	stamp="$(cksum <"$jar" | cut -d' ' -f1) $feature $options"
	if [ ! -f "$home/$name.jar" ] || [ "$(cat "$home/stamp" 2>/dev/null)" != "$stamp" ]; then
		rm -rf "$home"
		mkdir -p "$dir"
		printf '%s\n' "jvm: preparing $name's startup cache in $home (once per build; about one start's time)" >&2
		"$java" -Djarmode=tools -jar "$jar" extract --destination "$home" >/dev/null 2>&1 || { rm -rf "$home"; return 0; }
		record="-XX:ArchiveClassesAtExit=$home/app.jsa"
		[ "$feature" -ge 25 ] && record="-XX:AOTCacheOutput=$home/app.aot"
		# shellcheck disable=SC2086 # options is a list of options
		env "${jvm_env[@]}" "$java" $options "$record" -Dspring.context.exit=onRefresh \
			-jar "$home/$name.jar" --server.port=0 >"$home/training.log" 2>&1 || true
		# a failed training is not retried before the next build: the application then starts without the cache
		[ -s "$home/app.aot" ] || [ -s "$home/app.jsa" ] \
			|| printf '%s\n' "jvm: no startup cache for $name (see $home/training.log); starting without" >&2
		printf '%s\n' "$stamp" >"$home/stamp"
	fi
	if [ -s "$home/app.aot" ]; then
		jvm_launch=(-XX:AOTCache="$home/app.aot" -jar "$home/$name.jar")
	elif [ -s "$home/app.jsa" ]; then
		jvm_launch=(-XX:SharedArchiveFile="$home/app.jsa" -jar "$home/$name.jar")
	else
		jvm_launch=(-jar "$home/$name.jar")
	fi
}
