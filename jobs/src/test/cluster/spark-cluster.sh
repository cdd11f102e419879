#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, built from the Spark jars the Maven build already
# has: one master and N workers (1 core each) bound to 127.0.0.1. Every process it starts is stopped
# by its PID.
#
#   spark-cluster.sh home            build target/cluster/spark-home (jars/ = Spark runtime from Maven)
#   spark-cluster.sh start [N]       start master + N workers (default 2), wait until all are alive
#   spark-cluster.sh submit ARGS...  spark-submit the cluster jar: crisislab ARGS on spark://127.0.0.1:7077
#   spark-cluster.sh kill-worker I   kill worker I and its executors by PID (a lost machine)
#   spark-cluster.sh stop            stop every process started here
#   spark-cluster.sh status
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
# shellcheck source=../../../../tools/lib/steps.sh
source "$ROOT/tools/lib/steps.sh"
D="${CLUSTER_DIR:-$ROOT/target/cluster}"
export SPARK_HOME="$D/spark-home"
export SPARK_LOCAL_IP=127.0.0.1
# without it the worker's executor launcher fails with "Cannot find any build directories"
export SPARK_SCALA_VERSION=2.13
OPENS="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$ROOT/pom.xml")"
VERSION="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1)"
APP_JAR="$ROOT/jobs/target/crisislab-jobs-$VERSION-cluster.jar"
CP="$SPARK_HOME/conf:$SPARK_HOME/jars/*"
MASTER_UI=18080
mkdir -p "$D"

alive_workers() {
  curl -s "http://127.0.0.1:$MASTER_UI/json/" | sed -n 's/.*"aliveworkers" *: *\([0-9]*\).*/\1/p'
}

case "${1:-}" in
  home)
    # The runtime classpath (Spark in compile scope) comes from the launcher, which packages the
    # reactor and lists the classpath in one Maven invocation, so it never depends on an earlier
    # `mvn install` of crisislab-models (issue 18). The Spark home holds it less what the
    # application jar carries itself.
    step "cluster home: build the jobs jar and its runtime classpath (./crisislab)"
    quietly "$D/build-classpath.log" "$ROOT/crisislab" --version
    CLASSPATH_FILE="$ROOT/jobs/target/classpath.txt"
    [[ -s "$CLASSPATH_FILE" ]] || fail "the launcher wrote no classpath at $CLASSPATH_FILE" "$D/build-classpath.log"
    rm -rf "$SPARK_HOME" && mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
    tr ':' '\n' < "$CLASSPATH_FILE" | { grep '\.jar$' || true; } \
      | { grep -vE '/(crisislab-[a-z]+|picocli|jfreechart|jmh-[a-z-]+|jopt-simple)-[0-9]' || true; } \
      | while read -r jar; do ln -sf "$jar" "$SPARK_HOME/jars/"; done
    njars="$(find "$SPARK_HOME/jars" -name '*.jar' | wc -l)"
    [[ "$njars" -gt 50 ]] || fail "only $njars jars in $SPARK_HOME/jars from $CLASSPATH_FILE (expected Spark's runtime)"
    cp "$ROOT/jobs/src/main/resources/log4j2.properties" "$SPARK_HOME/conf/"
    echo "spark home: $SPARK_HOME ($njars jars)"
    step "cluster home: build the application jar (-Pcluster)"
    quietly "$D/build-app-jar.log" bash -c "cd '$ROOT' && mvn -B -Pcluster -DskipTests package"
    [[ -s "$APP_JAR" ]] || fail "no application jar at $APP_JAR after the -Pcluster build" "$D/build-app-jar.log"
    echo "application jar: $APP_JAR ($(du -h "$APP_JAR" | cut -f1))" ;;
  start)
    n="${2:-2}"
    # shellcheck disable=SC2086
    nohup java $OPENS -Xmx512m -cp "$CP" org.apache.spark.deploy.master.Master \
      --host 127.0.0.1 --port 7077 --webui-port $MASTER_UI > "$D/master.log" 2>&1 &
    echo $! > "$D/master.pid"
    step "cluster start: master on 127.0.0.1:7077"
    up=0
    for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$MASTER_UI/json/" >/dev/null && { up=1; break; }; sleep 1; done
    [[ $up == 1 ]] || fail "the master did not answer on port $MASTER_UI within 60 s" "$D/master.log"
    step "cluster start: $n workers"
    for w in $(seq 1 "$n"); do
      mkdir -p "$D/work$w"
      # shellcheck disable=SC2086
      nohup java $OPENS -Xmx512m -cp "$CP" org.apache.spark.deploy.worker.Worker \
        --host 127.0.0.1 --cores 1 --memory 3g --webui-port $((MASTER_UI + w)) --work-dir "$D/work$w" \
        spark://127.0.0.1:7077 > "$D/worker$w.log" 2>&1 &
      echo $! > "$D/worker$w.pid"
    done
    alive=0
    for _ in $(seq 1 90); do
      alive="$(alive_workers)"; [[ "$alive" == "$n" ]] && break; sleep 1
    done
    [[ "$alive" == "$n" ]] || fail "only ${alive:-0} of $n workers came up" "$D/worker$n.log"
    echo "cluster up: master pid $(cat "$D/master.pid"), $alive workers" ;;
  submit)
    shift
    # shellcheck disable=SC2086
    java $OPENS -Xmx3g -cp "$CP" org.apache.spark.deploy.SparkSubmit \
      --master spark://127.0.0.1:7077 --deploy-mode client \
      --class io.crisislab.jobs.app.CrisisLab \
      --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
      --conf spark.ui.enabled=${SUBMIT_UI:-false} --conf spark.ui.port=4050 \
      --conf spark.task.maxFailures=8 \
      --executor-memory 1g --total-executor-cores 2 \
      "$APP_JAR" "$@" ;;
  busy-tasks)
    # running tasks of the application whose driver UI listens on port $2 (0 when not yet running)
    app="$(curl -sf "http://127.0.0.1:$2/api/v1/applications" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' | head -1 || true)"
    if [[ -z "$app" ]]; then echo 0; exit 0; fi
    curl -sf "http://127.0.0.1:$2/api/v1/applications/$app/executors" \
      | sed -n 's/.*"activeTasks" *: *\([0-9]*\).*/\1/p' | awk '{s+=$1} END {print s+0}' || echo 0 ;;
  kill-worker)
    pid="$(cat "$D/worker$2.pid")"
    # the worker's executors are its child processes: a lost machine loses them too
    pkill -9 -P "$pid" 2>/dev/null || true
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$D/worker$2.pid"
    echo "killed worker $2 (pid $pid) and its executors" ;;
  stop)
    for f in "$D"/worker*.pid "$D"/master.pid; do
      [[ -f "$f" ]] || continue
      pid="$(cat "$f")"
      pkill -P "$pid" 2>/dev/null || true
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$f"
    done
    echo "cluster stopped" ;;
  status)
    curl -s "http://127.0.0.1:$MASTER_UI/json/" | grep -E '"(aliveworkers|cores|coresused|status)"' || echo "no master" ;;
  *)
    echo "usage: $0 home | start [N] | submit ARGS... | kill-worker I | stop | status" >&2; exit 2 ;;
esac
