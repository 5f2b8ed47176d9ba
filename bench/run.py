#!/usr/bin/env python3
"""
berth's benchmarks, against the AWS CLI's waiters, on berth sim at speed 1.

One run starts the simulator, runs every scenario with berth and with the reference tool on the
same deployments, prints a table with the ratios and the targets, and writes bench/RESULTS.md.

    python3 bench/run.py            # builds target/berth.jar first if it is missing
    python3 bench/run.py --quick    # fewer trials, for a look rather than a record

Needs Java 17, Maven (to build the jar) and the AWS CLI v2 at /usr/bin/aws (Debian's awscli).
Everything talks to 127.0.0.1 only.
"""
import argparse
import datetime
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILT_JAR = ROOT / "target" / "berth.jar"
JAR = BUILT_JAR  # main() points it at a copy, so that a build during the run changes nothing under it
BERTH = str(ROOT / "bin" / "berth")
AWS = "/usr/bin/aws"
ECS_TARGET = "AmazonEC2ContainerServiceV20141113"
LOAD_AT_START = os.getloadavg()[0]


class Sim:
    """berth sim at speed 1, and just enough of a client to set scenarios up quickly."""

    def __init__(self):
        self.process = subprocess.Popen(["java", "-jar", str(JAR), "sim", "--port", "0", "--speed", "1"],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        if "ready at" not in line:
            raise SystemExit(f"berth sim did not start: {line!r}")
        self.endpoint = line.split("ready at ")[1].split(" ")[0]
        self.env = dict(os.environ, AWS_ENDPOINT_URL=self.endpoint, AWS_REGION="us-east-1",
                        AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_EC2_METADATA_DISABLED="true",
                        AWS_PAGER="", NO_COLOR="1")

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=30)

    def _post(self, headers, body):
        # the simulator reads the credential scope of a SigV4 header; a bench client need not sign
        headers["Authorization"] = ("AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/%s/aws4_request, "
                                    "SignedHeaders=host, Signature=%s" % (headers.pop("service"), "0" * 64))
        request = urllib.request.Request(self.endpoint + "/", data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read()

    def ecs(self, operation, **payload):
        body = json.dumps(payload).encode()
        return json.loads(self._post({"service": "ecs", "X-Amz-Target": f"{ECS_TARGET}.{operation}",
                                      "Content-Type": "application/x-amz-json-1.1"}, body) or b"{}")

    def admin(self, path, method="GET"):
        request = urllib.request.Request(self.endpoint + path, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return json.loads(text) if text.strip() else {}

    def rollouts(self):
        return self.admin("/_sim/rollouts")["rollouts"]

    def completed(self, task_definition_suffix, count=1, timeout=300):
        """Waits until `count` deployments of the task definition completed; returns their wall-clock instants."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            done = [r for r in self.rollouts() if r["taskDefinition"].endswith(task_definition_suffix)
                    and r["rolloutState"] == "COMPLETED"]
            if len(done) >= count:
                return sorted(parse_time(r["wallClockAt"]) for r in done)
            time.sleep(0.1)
        raise SystemExit(f"deployments of {task_definition_suffix} did not complete")


def parse_time(text):
    text = text.rstrip("Z")
    if "." in text:
        whole, fraction = text.split(".")
        text = whole + "." + fraction[:6]
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.timezone.utc).timestamp()


class Timed:
    """A command started now, whose end is noted the moment it exits (and its peak RSS, from wait4)."""

    def __init__(self, command, env, stdout=None):
        self.errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty command never blocks on it
        self.started = time.time()
        self.process = subprocess.Popen(command, env=env, stdout=stdout or subprocess.DEVNULL, stderr=self.errors)
        self.ended = None
        self.peak_kb = None
        self.status = None
        self.thread = threading.Thread(target=self._wait, daemon=True)
        self.thread.start()

    def _wait(self):
        _, status, usage = os.wait4(self.process.pid, 0)
        self.ended = time.time()
        self.status = os.waitstatus_to_exitcode(status)
        self.peak_kb = usage.ru_maxrss
        self.cpu = usage.ru_utime + usage.ru_stime

    def join(self):
        self.thread.join()
        if self.status != 0:
            self.errors.seek(0)
            error = self.errors.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{self.process.args[:4]} failed with {self.status}: {error}")
        return self


def register(sim, family, image, health_check=False):
    container = {"name": "app", "image": image, "memory": 128, "essential": True}
    if health_check:
        container["healthCheck"] = {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], "interval": 10,
                                    "timeout": 5, "retries": 3, "startPeriod": 10}
    definition = sim.ecs("RegisterTaskDefinition", family=family, containerDefinitions=[container])
    return definition["taskDefinition"]["revision"]


def create_services(sim, cluster, family, names, desired):
    sim.ecs("CreateCluster", clusterName=cluster)
    revision = register(sim, family, "repo/bench:1")
    for name in names:
        sim.ecs("CreateService", cluster=cluster, serviceName=name, taskDefinition=f"{family}:{revision}", desiredCount=desired,
                deploymentConfiguration={"maximumPercent": 200, "minimumHealthyPercent": 100})
    sim.completed(f"/{family}:{revision}", count=len(names))


# ---- scenarios ----

def wait_latency(sim, trials):
    """berth wait and aws ecs wait services-stable on the same rolling deployments."""
    create_services(sim, "latency", "lat", ["web"], desired=4)
    rows = []
    for trial in range(trials):
        revision = register(sim, "lat", f"repo/bench:{trial + 2}")
        sim.ecs("UpdateService", cluster="latency", service="web", taskDefinition=f"lat:{revision}")
        berth = Timed([BERTH, "wait", "--cluster", "latency", "--service", "web", "--task-definition", f"lat:{revision}",
                       "--quiet"], sim.env)
        aws = Timed([AWS, "ecs", "wait", "services-stable", "--cluster", "latency", "--services", "web",
                     "--endpoint-url", sim.endpoint], sim.env)
        completed = sim.completed(f"/lat:{revision}")[0]
        berth.join()
        aws.join()
        rows.append((berth.ended - completed, aws.ended - completed))
        print(f"  wait trial {trial + 1}: rollout {completed - berth.started:5.1f} s; berth +{rows[-1][0]:.2f} s, "
              f"aws waiter +{rows[-1][1]:.2f} s", flush=True)
    return rows


def stack_events(sim, stack):
    out = subprocess.run([AWS, "cloudformation", "describe-stack-events", "--stack-name", stack, "--endpoint-url", sim.endpoint,
                          "--output", "json"], env=sim.env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)["StackEvents"]


def update_complete_at(sim, stack):
    for event in stack_events(sim, stack):
        if event["LogicalResourceId"] == stack and event["ResourceStatus"] == "UPDATE_COMPLETE":
            return parse_time(event["Timestamp"].replace("+00:00", ""))
    raise SystemExit(f"{stack} has no UPDATE_COMPLETE event")


def deploy_latency(sim, trials):
    """berth deploy, and aws cloudformation update-stack + wait stack-update-complete, on the same stack."""
    subprocess.run([BERTH, "cluster", "deploy", "--stack", "bench-ecs", "--quiet"], env=sim.env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([BERTH, "cluster", "deploy", "--stack", "bench-web", "--template", "service", "--quiet",
                    "-p", "ClusterStack=bench-ecs", "-p", "Repository=repo/bench", "-p", "Version=1", "-p", "DesiredCount=2"],
                   env=sim.env, check=True, stdout=subprocess.DEVNULL)
    described = json.loads(subprocess.run([AWS, "cloudformation", "describe-stacks", "--stack-name", "bench-web", "--endpoint-url",
                                           sim.endpoint, "--output", "json"], env=sim.env, check=True, capture_output=True,
                                          text=True).stdout)
    keys = [p["ParameterKey"] for p in described["Stacks"][0]["Parameters"] if p["ParameterKey"] != "Version"]
    rows = []
    version = 1
    for trial in range(trials):
        version += 1
        berth = Timed([BERTH, "deploy", "--stack", "bench-web", "--version", str(version), "--quiet"], sim.env).join()
        berth_latency = berth.ended - update_complete_at(sim, "bench-web")
        version += 1
        parameters = [f"ParameterKey=Version,ParameterValue={version}"] + [f"ParameterKey={k},UsePreviousValue=true" for k in keys]
        subprocess.run([AWS, "cloudformation", "update-stack", "--stack-name", "bench-web", "--use-previous-template",
                        "--capabilities", "CAPABILITY_IAM", "--endpoint-url", sim.endpoint, "--parameters"] + parameters,
                       env=sim.env, check=True, stdout=subprocess.DEVNULL)
        aws = Timed([AWS, "cloudformation", "wait", "stack-update-complete", "--stack-name", "bench-web",
                     "--endpoint-url", sim.endpoint], sim.env).join()
        aws_latency = aws.ended - update_complete_at(sim, "bench-web")
        rows.append((berth_latency, aws_latency))
        print(f"  deploy trial {trial + 1}: berth +{berth_latency:.2f} s, aws update-stack + waiter +{aws_latency:.2f} s", flush=True)
    return rows


def economy(sim, sizes):
    """
    berth wait on 1, 10 and 100 services rolling at once: calls, rate, latency, memory. The release
    pulls and starts slowly (a -slow image) and has a container health check, so that a rollout takes
    about a minute, as real ones do, rather than the few seconds of the latency scenario.
    """
    rows = []
    for size in sizes:
        cluster, family = f"economy-{size}", f"eco{size}"
        names = [f"svc-{i:03d}" for i in range(size)]
        create_services(sim, cluster, family, names, desired=2)
        revision = register(sim, family, "repo/bench:2-slow", health_check=True)
        sim.admin("/_sim/counters", "DELETE")
        for name in names:
            sim.ecs("UpdateService", cluster=cluster, service=name, taskDefinition=f"{family}:{revision}")
        with tempfile.TemporaryFile() as result:
            berth = Timed([BERTH, "wait", "--cluster", cluster, "--service", ",".join(names), "--quiet", "--timeout", "10m",
                           "--output", "json"], sim.env, stdout=result).join()
            result.seek(0)
            timeline = json.load(result)["timeline"]
        completions = {r["service"]: parse_time(r["wallClockAt"]) for r in sim.rollouts()
                       if r["taskDefinition"].endswith(f"/{family}:{revision}") and r["rolloutState"] == "COMPLETED"}
        last_completed = max(completions.values())
        # a service's verdict comes from its last poll: latency per service is that poll minus its own end
        verdicts = {}
        for sample in timeline:
            verdicts[sample["service"]] = parse_time(sample["at"])
        per_service = sorted(verdicts[name] - completions[name] for name in names)
        calls = sim.admin("/_sim/counters")["received"].get("ecs:DescribeServices", 0)
        watched = berth.ended - berth.started
        # fixed polling asks at the start and every 2 s until it sees the end, ten services a call
        fixed_two_second = math.ceil(size / 10) * (1 + math.ceil(watched / 2))
        rows.append({"services": size, "seconds": watched, "calls": calls, "per_second": calls / watched,
                     "per_service_minute": calls / (size * watched / 60), "fixed_2s_calls": fixed_two_second,
                     "latency": statistics.median(per_service), "latency_max": per_service[-1],
                     "exit_after_last": berth.ended - last_completed, "peak_mb": berth.peak_kb / 1024})
        print(f"  economy {size:3d} services: {calls} DescribeServices in {watched:.1f} s "
              f"(fixed 2 s polling: {fixed_two_second}), latency median {rows[-1]['latency']:.2f} s, "
              f"max {rows[-1]['latency_max']:.2f} s, exit {rows[-1]['exit_after_last']:.2f} s after the last end, "
              f"peak RSS {rows[-1]['peak_mb']:.0f} MB", flush=True)
    return rows


JAVA_25 = Path("/usr/lib/jvm/temurin-25-jdk-amd64")


def java_17():
    """A Java 17 home: Debian's, else the java on PATH when it is 17."""
    debian = Path("/usr/lib/jvm/java-17-openjdk-amd64")
    if (debian / "bin" / "java").exists():
        return debian
    java = Path(subprocess.run(["sh", "-c", "readlink -f \"$(command -v java)\""], capture_output=True, text=True).stdout.strip())
    return java.parent.parent


def launcher_env(sim, java, cache):
    return dict(sim.env, BERTH_JAVA=str(java), XDG_CACHE_HOME=str(cache))


def wait_for_cache(cache, timeout=300):
    """The background training's cache: one berth-*.aot or berth-*.cds, no lock or partial file left."""
    deadline = time.time() + timeout
    folder = Path(cache) / "berth"
    while time.time() < deadline:
        names = sorted(p.name for p in folder.glob("*")) if folder.exists() else []
        if len(names) == 1 and names[0].endswith((".aot", ".cds")):
            return folder / names[0]
        time.sleep(0.1)
    raise SystemExit(f"no start-up cache in {folder} after {timeout} s")


def classes_loaded(sim, command, env):
    """How many classes `command` loads, and how many of them came from a CDS archive or AOT cache."""
    with tempfile.NamedTemporaryFile(suffix=".log") as log:
        subprocess.run(command, env=dict(env, JAVA_TOOL_OPTIONS=f"-Xlog:class+load:file={log.name}"), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lines = [line for line in Path(log.name).read_text().splitlines() if "source:" in line]
    return len(lines), sum("shared objects file" in line for line in lines)


def startup(sim, runs):
    """Cold start: berth status under Java 25 (ahead-of-time cache) and Java 17 (class-data sharing), java -jar,
    and aws ecs describe-services, one service; the launcher's first run (no cache yet) separately."""
    create_services(sim, "startup", "st", ["web"], desired=1)
    status = ["status", "--cluster", "startup", "--service", "web"]
    aws = [AWS, "ecs", "describe-services", "--cluster", "startup", "--services", "web", "--endpoint-url", sim.endpoint]
    caches = {name: tempfile.mkdtemp(prefix="berth-bench-cache-") for name in ("25", "17")}
    javas = {"25": JAVA_25, "17": java_17()}
    commands = {
        "bin/berth status (Java 25)": ([BERTH] + status, launcher_env(sim, javas["25"], caches["25"])),
        "bin/berth status (Java 17)": ([BERTH] + status, launcher_env(sim, javas["17"], caches["17"])),
        "java -jar berth.jar status (Java 17)": ([str(javas["17"] / "bin" / "java"), "-jar", str(JAR)] + status, sim.env),
        "aws ecs describe-services": (aws, sim.env),
    }
    subprocess.run(aws, env=sim.env, check=True, stdout=subprocess.DEVNULL)  # warm the disk cache
    subprocess.run(commands["java -jar berth.jar status (Java 17)"][0], env=sim.env, check=True, stdout=subprocess.DEVNULL)
    first = {}
    for version in ("25", "17"):
        name = f"bin/berth status (Java {version})"
        run = Timed(*commands[name]).join()
        started = run.started
        first[name] = run.ended - run.started
        cache = wait_for_cache(caches[version])
        first[name + " cache ready"] = time.time() - started
        first[name + " cache"] = f"{cache.suffix[1:]}, {cache.stat().st_size / 1e6:.0f} MB"
        print(f"  {name}: first run {first[name]:.2f} s, cache {cache.name} ready {first[name + ' cache ready']:.1f} s "
              f"after it started ({first[name + ' cache']})", flush=True)
    times = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            run = Timed(command, env).join()
            times[name].append(run.ended - run.started)
            cpu[name].append(run.cpu)
    loaded = {
        "java -jar berth.jar status (Java 17)": classes_loaded(sim, *commands["java -jar berth.jar status (Java 17)"]),
        "bin/berth status (Java 17)": classes_loaded(sim, *commands["bin/berth status (Java 17)"]),
        "bin/berth status (Java 25)": classes_loaded(sim, *commands["bin/berth status (Java 25)"]),
    }
    for name, (total, cached) in loaded.items():
        print(f"  {name}: {total} classes loaded, {cached} from the CDS archive or AOT cache", flush=True)
    for folder in caches.values():
        shutil.rmtree(folder, ignore_errors=True)
    return {"times": times, "cpu": cpu, "first": first, "loaded": loaded, "jar_bytes": JAR.stat().st_size,
            "java": {version: java_version(java / "bin" / "java") for version, java in javas.items()}}


def java_version(java):
    return subprocess.run([str(java), "-version"], capture_output=True, text=True).stderr.splitlines()[0]


# ---- report ----

def median(values):
    return statistics.median(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer trials")
    parser.add_argument("--startup-only", action="store_true", help="only the start-up scenario (a few minutes)")
    args = parser.parse_args()
    if not Path(AWS).exists():
        raise SystemExit("the AWS CLI v2 is needed at /usr/bin/aws (Debian package awscli)")
    if not (JAVA_25 / "bin" / "java").exists():
        raise SystemExit(f"Java 25 is needed at {JAVA_25}, for the ahead-of-time cache")
    global JAR
    if not BUILT_JAR.exists():
        subprocess.run(["mvn", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)
    copy = tempfile.mkdtemp(prefix="berth-bench-jar-")
    JAR = Path(shutil.copy2(BUILT_JAR, Path(copy) / "berth.jar"))
    os.environ["BERTH_JAR"] = str(JAR)  # for bin/berth
    trials = 3 if args.quick else 7
    sim = Sim()
    waits = deploys = eco = None
    try:
        print(f"berth sim at {sim.endpoint}, speed 1")
        if not args.startup_only:
            print("detection latency, ECS rolling deployment:")
            waits = wait_latency(sim, trials)
            print("detection latency, CloudFormation update:")
            deploys = deploy_latency(sim, 2 if args.quick else 3)
            print("API economy and memory:")
            eco = economy(sim, [1, 10, 100])
        print("start-up:")
        starts = startup(sim, 10 if args.quick else 20)
    finally:
        sim.close()
        shutil.rmtree(copy, ignore_errors=True)

    checks = []
    if waits is not None:
        checks += latency_checks(waits, deploys, eco)
    checks += startup_checks(starts)
    width = max(len(c[0]) for c in checks)
    print()
    for name, passed, figure in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {name:<{width}}  {figure}")
    write_results(args, waits, deploys, eco, starts, checks)
    return 0 if all(c[1] for c in checks) else 1


def latency_checks(waits, deploys, eco):
    berth_wait, aws_wait = median([r[0] for r in waits]), median([r[1] for r in waits])
    berth_deploy, aws_deploy = median([r[0] for r in deploys]), median([r[1] for r in deploys])
    hundred = next(r for r in eco if r["services"] == 100)
    checks = [
        ("berth wait median latency <= 1 s", berth_wait <= 1.0, f"{berth_wait:.2f} s"),
        ("berth wait >= 10x faster than aws ecs wait services-stable", aws_wait / max(berth_wait, 0.01) >= 10,
         f"{aws_wait / max(berth_wait, 0.01):.0f}x ({aws_wait:.2f} s vs {berth_wait:.2f} s)"),
        ("berth deploy median latency <= 1 s", berth_deploy <= 1.0, f"{berth_deploy:.2f} s"),
        ("berth deploy >= 10x faster than update-stack + stack-update-complete", aws_deploy / max(berth_deploy, 0.01) >= 10,
         f"{aws_deploy / max(berth_deploy, 0.01):.0f}x ({aws_deploy:.2f} s vs {berth_deploy:.2f} s)"),
    ]
    for row in eco:
        checks.append((f"{row['services']} services: no more DescribeServices than fixed 2 s polling",
                       row["calls"] <= row["fixed_2s_calls"], f"{row['calls']} vs {row['fixed_2s_calls']} "
                       f"({row['per_service_minute']:.1f} per service-minute)"))
    checks += [
        ("100 services: at most 5 calls a second", hundred["per_second"] <= 5, f"{hundred['per_second']:.2f}/s"),
        ("100 services: median latency <= 2 s", hundred["latency"] <= 2,
         f"{hundred['latency']:.2f} s (max {hundred['latency_max']:.2f} s)"),
        ("100 services: peak RSS <= 150 MB", hundred["peak_mb"] <= 150, f"{hundred['peak_mb']:.0f} MB"),
    ]
    return checks


def startup_checks(starts):
    times, first = starts["times"], starts["first"]
    aws = median(times["aws ecs describe-services"])
    checks = []
    for version, target in (("25", 0.6), ("17", 1.0)):
        name = f"bin/berth status (Java {version})"
        berth = median(times[name])
        checks.append((f"{name} median <= {target}x aws ecs describe-services", berth <= target * aws,
                       f"{berth / aws:.2f}x ({berth:.2f} s vs {aws:.2f} s)"))
    for version in ("25", "17"):
        name = f"bin/berth status (Java {version})"
        checks.append((f"{name} first run (no cache yet) <= 2x aws ecs describe-services", first[name] <= 2 * aws,
                       f"{first[name] / aws:.2f}x ({first[name]:.2f} s vs {aws:.2f} s)"))
    return checks


def machine():
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    aws = subprocess.run([AWS, "--version"], capture_output=True, text=True).stdout.strip().split(" ")[0]
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = "unknown memory"
    try:
        memory = next(f"{int(line.split()[1]) / 1e6:.0f} GB RAM" for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    # the machine may be shared: the load says how much else ran while the figures were taken
    load = f"load average {LOAD_AT_START:.1f} at the start and {os.getloadavg()[0]:.1f} at the end"
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), {memory}, {load}, {java}, {aws}"


def write_results(args, waits, deploys, eco, starts, checks):
    options = (" --quick" if args.quick else "") + (" --startup-only" if args.startup_only else "")
    lines = [
        "# berth benchmark results",
        "",
        f"Measured {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} with "
        f"`python3 bench/run.py{options}` on {machine()}.",
        "berth sim ran at speed 1; latency is when the watcher returned minus when the simulator recorded the end",
        "(for ECS, `/_sim/rollouts`; for CloudFormation, the stack's UPDATE_COMPLETE event).",
        "",
        "| target | result | figure |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {'PASS' if passed else 'FAIL'} | {figure} |" for name, passed, figure in checks]
    if waits is not None:
        lines += latency_results(waits, deploys, eco)
    else:
        lines = kept_from_last_run(lines)
    lines += startup_results(starts)
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines))
    print(f"\nwrote {ROOT / 'bench' / 'RESULTS.md'}")


def kept_from_last_run(lines):
    """For --startup-only: the other scenarios' targets and tables from the last full run, said to be from it."""
    last = (ROOT / "bench" / "RESULTS.md").read_text().splitlines() if (ROOT / "bench" / "RESULTS.md").exists() else []
    measured = next((line for line in last if line.startswith("Measured ")), None)
    if measured is None:
        return lines
    # a start-up-only file already names the full run its other tables came from: keep naming that one
    carried = next((line for line in last if line.startswith("The other scenarios were not run this time")), None)
    full_run = carried[carried.index("It was measured"):] if carried and "It was measured" in carried else \
        measured.replace("Measured", "It was measured", 1)
    start_up = next((i for i, line in enumerate(last) if line.startswith("## Start-up")), len(last))
    first_section = next((i for i, line in enumerate(last) if line.startswith("## ")), len(last))
    rows = [line for line in last[:first_section] if line.startswith("| ") and "status" not in line
            and not line.startswith(("| target", "|---"))]
    kept = last[first_section:start_up]
    note = ["", "The other scenarios were not run this time: their rows above and their tables below are from the "
            "last full run. " + full_run, ""]
    return lines + rows + note + kept


def latency_results(waits, deploys, eco):
    lines = ["", "## Detection latency (seconds after the end)", "",
             "| trial | `berth wait` | `aws ecs wait services-stable` |", "|---|---|---|"]
    lines += [f"| {i + 1} | {b:.2f} | {a:.2f} |" for i, (b, a) in enumerate(waits)]
    lines += ["", "| trial | `berth deploy` | `aws cloudformation update-stack` + `wait stack-update-complete` |", "|---|---|---|"]
    lines += [f"| {i + 1} | {b:.2f} | {a:.2f} |" for i, (b, a) in enumerate(deploys)]
    lines += ["", "## API economy and memory (`berth wait`, every service rolling at once)", "",
              "Latency per service: the poll that gave its verdict minus the end the simulator recorded for it; "
              "the last column is when `berth wait` exited after the last service ended. With 100 services and at most "
              "5 calls of 10 services a second, each service is polled at best every 2 s, so the last of them is seen "
              "up to 2 s after its end.", "",
              "| services | watched | DescribeServices | per second | per service-minute | fixed 2 s polling would make | "
              "latency median | latency max | exit after the last end | peak RSS |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['services']} | {r['seconds']:.1f} s | {r['calls']} | {r['per_second']:.2f} | {r['per_service_minute']:.1f} | "
              f"{r['fixed_2s_calls']} | {r['latency']:.2f} s | {r['latency_max']:.2f} s | {r['exit_after_last']:.2f} s | "
              f"{r['peak_mb']:.0f} MB |" for r in eco]
    return lines


def startup_results(starts):
    times, first, loaded = starts["times"], starts["first"], starts["loaded"]
    aws = median(times["aws ecs describe-services"])
    lines = ["", "## Start-up (cold JVM, `berth status` of one service)", "",
             f"Java 25: {starts['java']['25']}; Java 17: {starts['java']['17']}. "
             f"berth.jar: {starts['jar_bytes'] / 1e6:.1f} MB. Each round runs every command once, in turn; "
             "`bin/berth` runs from its start-up cache, made by the first run below.", "",
             "CPU time is user + system time of the command and its children (a figure the machine's load "
             "changes less than wall time).", "",
             "| command | median | vs AWS CLI | CPU time median | CPU vs AWS CLI | runs (wall) |", "|---|---|---|---|---|---|"]
    aws_cpu = median(starts["cpu"]["aws ecs describe-services"])
    for name, values in times.items():
        m, c = median(values), median(starts["cpu"][name])
        lines.append(f"| `{name}` | {m:.2f} s | {m / aws:.2f}x | {c:.2f} s | {c / aws_cpu:.2f}x | "
                     f"{', '.join(f'{t:.2f}' for t in values)} |")
    lines += ["", "The first run, without a cache: the command itself, then (in the background, after it exited) the "
              "training run that writes the cache.", "",
              "| command | first run | vs AWS CLI | cache ready after | cache |", "|---|---|---|---|---|"]
    for version in ("25", "17"):
        name = f"bin/berth status (Java {version})"
        lines.append(f"| `{name}` | {first[name]:.2f} s | {first[name] / aws:.2f}x | {first[name + ' cache ready']:.1f} s | "
                     f"{first[name + ' cache']} |")
    lines += ["", "| command | classes loaded | from the CDS archive or AOT cache |", "|---|---|---|"]
    lines += [f"| `{name}` | {total} | {cached} |" for name, (total, cached) in loaded.items()]
    lines.append("")
    return lines


if __name__ == "__main__":
    sys.exit(main())
