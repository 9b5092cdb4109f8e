#!/usr/bin/env python3
"""make_fixtures_pdfs.py - the fixture PDFs of scripts/make-fixtures: slide
decks drawn with pycairo, and hand-written PDFs (damaged, hostile, odd).
Usage (from scripts/make-fixtures): make_fixtures_pdfs.py FIXTURES TMP
Needs Debian's python3 with python3-cairo."""
import os
import sys
import cairo

FX, TMP = sys.argv[1], sys.argv[2]
A = os.path.join(FX, "archive")
BAD = os.path.join(FX, "bad")
W, H = 720, 405
MARGIN = 40
FONT = "Sans"

EV20 = "DevOps Exchange London - January 2020"
EV16 = "DevOps Exchange London - March 2016"
EV23 = "DevOps Exchange London - June 2023"


def fit(ctx, text, size, bold=False, maxw=W - 2 * MARGIN):
    """Largest font size <= size at which text fits on one line."""
    weight = cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL
    ctx.select_font_face(FONT, cairo.FONT_SLANT_NORMAL, weight)
    while True:
        ctx.set_font_size(size)
        if ctx.text_extents(text).x_advance <= maxw:
            return size
        size -= 0.5
        if size < 12:
            raise SystemExit("line too long for a slide: %r" % text)


def line(ctx, text, x, y, size, bold=False, center=False, rgb=(0.1, 0.1, 0.15)):
    fit(ctx, text, size, bold)
    ctx.set_source_rgb(*rgb)
    if center:
        x = (W - ctx.text_extents(text).x_advance) / 2
    ctx.move_to(x, y)
    ctx.show_text(text)


def deck(path, meta, title_slide, pages, footer):
    """title_slide: list of lines (first is the talk title).
    pages: list of (title, [bullets])."""
    surf = cairo.PDFSurface(path, W, H)
    for key, value in meta.items():
        surf.set_metadata(getattr(cairo.PDFMetadata, key), value)
    ctx = cairo.Context(surf)
    total = 1 + len(pages)

    # page 1: title slide
    ctx.set_source_rgb(0.12, 0.23, 0.37)
    ctx.paint()
    line(ctx, title_slide[0], 0, 150, 30, bold=True, center=True, rgb=(1, 1, 1))
    y = 205
    for i, text in enumerate(title_slide[1:]):
        line(ctx, text, 0, y, 20 if i == 0 else 16, center=True, rgb=(0.9, 0.93, 1))
        y += 32
    ctx.show_page()

    for n, (title, bullets) in enumerate(pages, start=2):
        assert 4 <= len(bullets) <= 7, (path, title)
        ctx.set_source_rgb(1, 1, 1)
        ctx.paint()
        ctx.set_source_rgb(0.12, 0.23, 0.37)
        ctx.rectangle(0, 0, W, 70)
        ctx.fill()
        line(ctx, title, MARGIN, 46, 26, bold=True, rgb=(1, 1, 1))
        y = 115
        for b in bullets:
            line(ctx, "\u2022 " + b, MARGIN, y, 17)
            y += 38 if len(bullets) <= 6 else 34
        if footer:
            line(ctx, "%s    %d/%d" % (footer, n, total), MARGIN, H - 14, 9, rgb=(0.5, 0.5, 0.55))
        ctx.show_page()
    surf.finish()


def md(title, author, subject, keywords, date):
    return {
        "TITLE": title,
        "AUTHOR": author,
        "SUBJECT": subject,
        "KEYWORDS": keywords,
        "CREATOR": "doxsearch scripts/make-fixtures",
        "CREATE_DATE": date,
        "MOD_DATE": date,
    }


# ---------------------------------------------------------------- 2020-01
deck(os.path.join(A, "2020-01-doxlon", "100-days-of-sre.pdf"),
     md("100 days of SRE", "Mark Knoop",
        "Starting an SRE practice at a payments company",
        "SRE, SLO, SLI, error budget, toil, on-call, postmortem",
        "2020-01-28T18:30:00Z"),
     ["100 days of SRE", "Mark Knoop", "SRE Practice Lead, Worldpay", EV20],
     [
         ("Why SRE at a payments company", [
             "Every failed card authorisation is a customer stuck at a till",
             "Dev and ops argued about stability without shared numbers",
             "Change freezes were our only reliability tool",
             "We wanted reliability treated as a feature with an owner",
             "Goal: measure what users feel, then spend the error budget wisely",
         ]),
         ("SLIs: measure what the customer feels", [
             "Availability: successful authorisations / valid requests",
             "Latency: share of authorisations answered within 300 ms",
             "Measured at the load balancer, not on the hosts",
             "Client errors (4xx) are excluded from the denominator",
             "Start with two or three SLIs per service, not twenty",
         ]),
         ("SLOs: agreeing on good enough", [
             "99.95% of authorisations succeed over a rolling 28 days",
             "99% of requests complete in under 300 ms",
             "Targets set from historical data, then agreed with product",
             "100% is the wrong target for almost everything",
             "An SLO that nobody looks at is just a number on a wiki",
         ]),
         ("Error budgets", [
             "Error budget = 1 - SLO: 0.05% of 28 days is about 20 minutes",
             "Remaining budget is shown on every team dashboard",
             "Burn-rate alerts page at 14x burn over one hour",
             "Slow burns open a ticket instead of waking someone up",
             "The error budget turns reliability arguments into arithmetic",
         ]),
         ("Error budget policy", [
             "Signed by the CTO, the product lead and the engineering lead",
             "Budget exhausted: feature releases pause for that service",
             "Reliability work is prioritised until the SLO recovers",
             "One incident burning 20% of the error budget needs a postmortem",
             "The policy itself is reviewed every quarter",
         ]),
         ("Toil", [
             "Toil: manual, repetitive, automatable, no enduring value",
             "We logged toil in every sprint for six weeks",
             "Certificate renewals and disk clean-ups took 30% of the week",
             "Cap toil at 50% of an SRE's time, and aim far lower",
             "Automate the three biggest sources of toil first",
         ]),
         ("On-call that people can live with", [
             "Follow-the-sun rotation between London and Cincinnati",
             "Every page must be actionable and link to a runbook",
             "Alert on symptoms (SLO burn), not on causes like CPU",
             "Pages per shift dropped from 31 to 4 in 100 days",
             "Time off in lieu after a night with pages",
         ]),
         ("Blameless postmortems", [
             "Written within five working days of every major incident",
             "Timeline, impact in error budget minutes, contributing factors",
             "No names in the contributing factors section",
             "Action items are tracked like any other backlog item",
             "Postmortems are read out company-wide on Fridays",
         ]),
         ("Lessons from the first 100 days", [
             "Start with one service and one honest SLO",
             "Error budget policy first, tooling second",
             "Measure toil before you try to remove it",
             "SRE is a practice, not a team you can hire",
             "Questions?",
         ]),
     ], EV20)

deck(os.path.join(A, "2020-01-doxlon", "continuous-delivery-at-spotify.pdf"),
     md("Continuous Delivery at Spotify", "Slava Kalmykov",
        "How Spotify squads ship with continuous delivery",
        "continuous delivery, CI/CD, trunk-based development, feature flags, canary",
        "2020-01-28T19:15:00Z"),
     ["Continuous Delivery at Spotify", "Slava Kalmykov", "Senior Software Engineer, Spotify", EV20],
     [
         ("Why continuous delivery", [
             "Hundreds of squads ship to the same apps and backends",
             "Small changes are easier to review, test and roll back",
             "Continuous delivery keeps every commit releasable",
             "Release day should be boring",
         ]),
         ("Squads, tribes and ownership", [
             "A squad owns its services end to end: build, deploy, operate",
             "Autonomy needs guard rails, not gatekeepers",
             "Platform squads build the paved road for everyone else",
             "Shared pipeline templates instead of hand-written scripts",
             "You build it, you run it: mobile squads included",
         ]),
         ("Trunk-based development", [
             "Everyone merges to main at least once a day",
             "Short-lived branches, reviewed within hours",
             "No long-running release branches for backend services",
             "A broken main branch is a stop-the-line event",
             "Continuous delivery is impossible without a green trunk",
         ]),
         ("The build pipeline", [
             "Commit, build, unit tests, integration tests, artifact",
             "Every artifact is immutable and versioned by commit SHA",
             "Docker images are pushed once and promoted between environments",
             "The pipeline is code, stored in the service repository",
             "Median time from commit to artifact: 9 minutes",
         ]),
         ("Our CI system", [
             "Tingle: our CI build system runs every commit",
             "Builds run in ephemeral containers on a shared fleet",
             "Test results and flaky-test statistics for every squad",
             "Dependency caching cut the average build time by 40%",
             "Moving every squad off Jenkins took about a year",
         ]),
         ("Release trains for the client apps", [
             "Desktop and mobile clients ship on a fixed two-week train",
             "The train leaves on time; unfinished work stays behind",
             "A feature that misses the train simply waits for the next one",
             "Release branch cut from trunk, only fixes are cherry-picked",
             "Continuous delivery for backends, release trains for clients",
         ]),
         ("Feature flags", [
             "Code ships dark, behind a flag, long before launch",
             "Flags decouple deploying from releasing",
             "Gradual rollout: employees, 1%, 10%, 50%, everyone",
             "A kill switch for every risky feature",
             "Stale flags are technical debt: remove them",
         ]),
         ("One portal for every service", [
             "Backstage: our developer portal for services, pipelines and owners",
             "Service catalogue metadata lives next to the code",
             "Build status and deployments visible for every component",
             "Plugins such as @backstage/plugin-kubernetes show live state",
             "Find the owning squad in seconds during an incident",
         ]),
         ("Canary releases", [
             "A new backend version gets 1% of traffic first",
             "Error rate and latency compared automatically with the baseline",
             "Failed canary: traffic shifts back without a human",
             "Promotion to 100% of traffic takes about an hour",
             "Continuous delivery with a safety net",
         ]),
         ("Rollback", [
             "A rollback is a deploy of the previous artifact, nothing special",
             "One click, or automatic when the canary fails",
             "Database migrations must stay backwards compatible",
             "Practise rollbacks before you need one in an incident",
             "Roll forward only when the fix is trivial",
         ]),
         ("Takeaways", [
             "Continuous delivery is a habit, not a tool",
             "Trunk-based development + feature flags + canary releases",
             "Make the safe path the easy path for every squad",
             "Measure lead time and change failure rate",
             "Thank you! Questions?",
         ]),
     ], EV20)

# ---------------------------------------------------------------- 2016-03
deck(os.path.join(A, "2016-03-doxlon", "docker-in-production.pdf"),
     md("Docker in Production", "Jane Ironside",
        "Running Docker containers in production at Acme Payments",
        "docker, containers, images, registry, orchestration",
        "2016-03-22T18:45:00Z"),
     ["Docker in Production", "Jane Ironside", "Platform Engineer, Acme Payments", EV16],
     [
         ("Why containers", [
             "The same artifact on a laptop, in CI and in production",
             "Dependencies are packaged together with the application",
             "Containers start in seconds instead of minutes",
             "Higher density than one service per virtual machine",
         ]),
         ("Building images", [
             "Small base images: Alpine or Debian slim",
             "One process per container",
             "Tag images with the git commit, never deploy :latest",
             "Keep compilers and build tools out of the runtime image",
             "Scan every image for known CVEs before it ships",
         ]),
         ("Registries", [
             "A private registry behind TLS and authentication",
             "Images are promoted between environments, never rebuilt",
             "Garbage-collect old tags or the registry disk fills up",
             "Mirror Docker Hub so its outages do not stop deploys",
         ]),
         ("Running containers in production", [
             "Applications log to stdout; a host agent ships the logs",
             "Health checks and restart policies for every container",
             "Set memory limits or the OOM killer decides for you",
             "Read-only root filesystem wherever possible",
         ]),
         ("Orchestration", [
             "Scheduling containers across a cluster of hosts",
             "We evaluated Docker Swarm, Mesos with Marathon and Kubernetes",
             "Service discovery and load balancing built in",
             "Rolling updates with zero downtime",
             "We chose Kubernetes 1.1 for our stateless services",
         ]),
         ("From commit to container", [
             "Every merge builds an image and runs the tests inside it",
             "The same image goes to staging and then to production",
             "Containers made continuous delivery practical for our APIs",
             "Rolling back means redeploying the previous image tag",
         ]),
         ("Lessons learned", [
             "Start with stateless services; keep databases on VMs for now",
             "Monitor both the hosts and the containers",
             "No privileged containers; drop Linux capabilities",
             "Budget time for networking surprises",
             "Questions?",
         ]),
     ], EV16)

deck(os.path.join(A, "2016-03-doxlon", "monitoring-microservices.pdf"),
     md("Monitoring Microservices", "Priya Raman",
        "Metrics, logs and tracing for a microservice estate",
        "monitoring, metrics, logging, tracing, dashboards, alerting",
        "2016-03-22T19:30:00Z"),
     ["Monitoring Microservices", "Priya Raman", "Ocado Technology", EV16],
     [
         ("Metrics", [
             "Rate, errors and duration for every service endpoint",
             "Counters and histograms, not averages",
             "StatsD on every host, Graphite for storage",
             "Business metrics too: orders per minute, basket size",
         ]),
         ("Logs", [
             "Structured JSON logs instead of free text",
             "A correlation ID on every request, passed downstream",
             "Central search with Elasticsearch, Logstash and Kibana",
             "Log levels that mean something: ERROR pages nobody",
         ]),
         ("Distributed tracing", [
             "One customer order touches more than 30 services",
             "Zipkin traces show where the time actually goes",
             "Trace IDs propagated in HTTP headers and message metadata",
             "Sample one request in a hundred in production",
         ]),
         ("Dashboards", [
             "One dashboard per service, owned by the team that runs it",
             "Latency, traffic, errors and saturation at the top",
             "Deploy markers on every graph",
             "Delete dashboards that nobody has opened in a month",
         ]),
         ("Alert fatigue", [
             "We used to get 400 alerts a week; most were ignored",
             "Alert on symptoms customers notice, not on every cause",
             "Every alert needs an owner and a runbook",
             "Review noisy alerts weekly and delete or fix them",
             "Now fewer than 20 alerts a week, and each one matters",
         ]),
     ], EV16)

# ---------------------------------------------------------------- 2023-06-15
deck(os.path.join(A, "2023-06-15-doxlon", "platform-engineering.pdf"),
     md("Platform Engineering Is Product Management", "Ana Müller",
        "Running an internal developer platform as a product",
        "platform engineering, internal developer platform, golden paths, Kubernetes, developer experience",
        "2023-06-15T18:30:00Z"),
     ["Platform Engineering Is Product Management", "Ana Müller", EV23],
     [
         ("The problem: cognitive load", [
             "Every team was expected to master Kubernetes, Terraform and IAM",
             "Onboarding a new service took three weeks of tickets",
             "Each team solved the same problems in a different way",
             "Developers spent more time on plumbing than on features",
         ]),
         ("An internal developer platform is a product", [
             "Its customers are your developers",
             "It needs a product manager, a roadmap and a support channel",
             "Adoption is earned, not mandated",
             "Treat tickets to the platform team as product feedback",
         ]),
         ("Know your users", [
             "Interview developers before building anything",
             "Map the journey from idea to running in production",
             "Quarterly developer survey with free-text answers",
             "Watch someone create a new service, and stay quiet",
         ]),
         ("Golden paths", [
             "An opinionated, supported way to build and run a service",
             "Templates for a new service: repository, pipeline, dashboards",
             "Paved roads, not walls: teams may leave the path",
             "Leaving the golden path means owning what you build",
             "Keep the path short: fewer than ten minutes to hello world",
         ]),
         ("Kubernetes is not the platform", [
             "Kubernetes is a platform for building platforms",
             "Hide manifests behind a small service definition",
             "Namespaces, quotas and network policies provisioned per team",
             "Upgrades of the cluster are the platform team's job",
         ]),
         ("Self-service over ticket queues", [
             "Databases, queues and buckets created from a pull request",
             "Secrets and certificates rotated without a human",
             "Documentation written as tutorials, not as reference only",
             "If it needs a ticket, it is not self-service",
         ]),
         ("Measuring developer experience", [
             "DORA metrics: lead time, deploy frequency, failure rate, MTTR",
             "Time to first deploy for a new joiner",
             "Developer satisfaction score every quarter",
             "Platform adoption per team, tracked like product usage",
         ]),
         ("What we would do again", [
             "Hire a product manager for the platform on day one",
             "Publish the roadmap and say no in public",
             "Start with the golden path most teams already walk",
             "Measure developer experience before and after every change",
             "Thank you!",
         ]),
     ], EV23)

deck(os.path.join(A, "2023-06-15-doxlon", "gitops-in-practice.pdf"),
     md("GitOps in Practice", "Sam O'Neill",
        "Pull-based deployment with Argo CD and Flux",
        "GitOps, Argo CD, Flux, Kubernetes, drift detection",
        "2023-06-15T19:15:00Z"),
     ["GitOps in Practice", "Sam O'Neill", EV23],
     [
         ("What is GitOps?", [
             "Desired state is declared in git",
             "Versioned, immutable history of every change",
             "Agents pull the desired state automatically",
             "The cluster is continuously reconciled with git",
         ]),
         ("Pull-based deployment", [
             "An agent inside the cluster pulls changes from git",
             "CI never holds credentials for production clusters",
             "A merged pull request is the only way to deploy",
             "Works behind firewalls: only outbound connections",
         ]),
         ("Argo CD", [
             "Application resources point at a repository path",
             "Web UI shows sync status and health per application",
             "Sync waves order database migrations before deployments",
             "App of apps pattern bootstraps a whole cluster",
         ]),
         ("Flux", [
             "A set of controllers: source, kustomize, helm, notification",
             "Image automation writes new tags back to git",
             "Multi-tenancy with one namespace per team",
             "Everything configured with Kubernetes custom resources",
         ]),
         ("Drift detection", [
             "Someone ran kubectl edit in production at 2 am",
             "The agent notices the live state differs from git",
             "Self-heal reverts the change within minutes",
             "Alert on drift that keeps coming back",
         ]),
         ("Lessons learned", [
             "GitOps is continuous delivery with git as the single source of truth",
             "Keep application code and deployment config in separate repos",
             "Secrets need a plan: sealed secrets or an external store",
             "Promotion between environments is just another pull request",
             "Questions?",
         ]),
     ], EV23)

deck(os.path.join(A, "2023-06-15-doxlon", "finops-lightning.pdf"),
     md("FinOps in Five Minutes", "Lee Chen",
        "A lightning talk on cloud cost management",
        "FinOps, cloud cost, tagging, rightsizing",
        "2023-06-15T20:00:00Z"),
     ["FinOps in Five Minutes", "Lee Chen", EV23 + " - lightning talk"],
     [
         ("What is FinOps?", [
             "Engineering, finance and product share the cloud bill",
             "Three phases: inform, optimise, operate",
             "Speed still matters: cost is one trade-off among many",
             "Everyone takes ownership of their cloud usage",
         ]),
         ("Visibility first", [
             "Tag every resource with team, service and environment",
             "Untagged spend is reported as a team of its own",
             "Showback before chargeback",
             "Daily cost reports in the team chat channel",
         ]),
         ("Quick wins", [
             "Rightsize instances using a month of utilisation data",
             "Switch off non-production environments at night",
             "Spot instances for batch jobs and CI runners",
             "Savings plans for the steady baseline",
             "Delete unattached volumes and old snapshots",
         ]),
         ("Unit economics", [
             "Cost per order, cost per active user, cost per build",
             "A growing bill is fine if the unit cost is falling",
             "Put the cost of a feature in its launch review",
             "Thank you!",
         ]),
     ], None)

# ---------------------------------------------------------------- bad
deck(os.path.join(BAD, "archive", "2021-05-bad", "good-talk.pdf"),
     md("Good Talk Among Bad Files", "Rita Good",
        "The healthy talk in a folder of broken files",
        "robustness, ingestion",
        "2021-05-12T18:30:00Z"),
     ["Good Talk Among Bad Files", "Rita Good", "Broken Files Meetup - May 2021"],
     [
         ("The survivor", [
             "This deck is the survivor in a folder of broken files",
             "Its neighbours are empty, truncated, encrypted or lying",
             "An indexer must skip them and still ingest this talk",
             "Every skipped file should be reported with a reason",
         ]),
         ("What good looks like", [
             "Three pages, one video, sixty seconds long",
             "Title and speaker come from the embedded tags",
             "Search finds these words on the right page",
             "Nothing here is malformed",
         ]),
     ], None)

deck(os.path.join(BAD, "broken-manifest", "2021-06-broken", "talk.pdf"),
     md("Queues Under Pressure", "Dana Broke",
        "Back-pressure, retries and dead-letter queues",
        "queues, back-pressure, retries",
        "2021-06-09T18:30:00Z"),
     ["Queues Under Pressure", "Dana Broke", "Broken Manifest Meetup - June 2021"],
     [
         ("Designing resilient consumers", [
             "A resilient consumer survives a slow or failing dependency",
             "Retries with exponential backoff and jitter",
             "Idempotent handlers so redelivery is harmless",
             "Dead-letter queues for messages that never succeed",
         ]),
         ("Back-pressure", [
             "Bounded queues: reject early instead of failing late",
             "Consumers pull at the rate they can handle",
             "Alert on queue age, not only on queue length",
             "Shed load before the database falls over",
         ]),
     ], None)

deck(os.path.join(BAD, "escape", "2021-07-escape", "safe.pdf"),
     md("Safe Talk", "Trent Safe", "The only legitimate talk in this event",
        "paths, sandboxing", "2021-07-14T18:30:00Z"),
     ["Safe Talk", "Trent Safe", "Path Escape Meetup - July 2021"],
     [
         ("Staying inside the archive", [
             "Manifest paths are resolved relative to the event folder",
             "Absolute paths and .. components are rejected",
             "Symbolic links are resolved before the check",
             "Only files inside the archive root are ever opened",
         ]),
     ], None)

# Sources for the broken PDFs (cut / encrypted later by the shell script).
deck(os.path.join(TMP, "truncated-full.pdf"),
     md("Incident Response Runbooks", "Terry Cut", "Runbooks for incident response",
        "incident response, runbooks", "2021-05-12T19:00:00Z"),
     ["Incident Response Runbooks", "Terry Cut", "Broken Files Meetup - May 2021"],
     [
         ("Why runbooks", [
             "Nobody thinks clearly at three in the morning",
             "A runbook turns tribal knowledge into steps",
             "Link every alert to exactly one runbook",
             "Runbooks are code: reviewed, versioned, tested",
         ]),
         ("Anatomy of a runbook", [
             "Symptoms: what the alert means for customers",
             "Diagnosis: the three commands to run first",
             "Mitigation: how to stop the bleeding",
             "Escalation: who to call and when",
         ]),
         ("Incident roles", [
             "Incident commander coordinates, does not debug",
             "Communications lead updates the status page",
             "Operations lead makes changes to production",
             "Scribe keeps the timeline for the postmortem",
         ]),
         ("Practising", [
             "Run a game day every month",
             "Rotate new joiners through shadow on-call",
             "Replay old incidents as tabletop exercises",
             "Fix the runbook in the same week it failed you",
         ]),
         ("Takeaways", [
             "Write the runbook before the alert goes live",
             "Keep it short enough to read under stress",
             "Delete runbooks for alerts that no longer exist",
             "Questions?",
         ]),
     ], None)

deck(os.path.join(TMP, "encrypted-plain.pdf"),
     md("Secrets Management", "Carol Locked", "Keeping secrets out of git",
        "secrets, vault, encryption", "2021-05-12T19:30:00Z"),
     ["Secrets Management", "Carol Locked", "Broken Files Meetup - May 2021"],
     [
         ("Where secrets leak", [
             "Committed to git in a config file",
             "Printed in CI logs",
             "Baked into container images",
             "Pasted into chat during an incident",
         ]),
         ("Better habits", [
             "A central secret store with audit logs",
             "Short-lived credentials issued on demand",
             "Automatic rotation, tested regularly",
             "Pre-commit hooks that scan for keys",
         ]),
     ], None)

# image-only.pdf: shapes and a raster image, no text at all
surf = cairo.PDFSurface(os.path.join(BAD, "archive", "2021-05-bad", "image-only.pdf"), W, H)
for key, value in md("Architecture Diagram (scanned)", "Ivy Image",
                     "Two pages of pictures and no text layer", "diagram",
                     "2021-05-12T20:00:00Z").items():
    surf.set_metadata(getattr(cairo.PDFMetadata, key), value)
ctx = cairo.Context(surf)
# page 1: boxes and arrows
ctx.set_source_rgb(1, 1, 1)
ctx.paint()
for i, (r, g, b) in enumerate([(0.2, 0.4, 0.8), (0.2, 0.7, 0.3), (0.9, 0.5, 0.1)]):
    ctx.set_source_rgb(r, g, b)
    ctx.rectangle(60 + i * 220, 150, 160, 100)
    ctx.fill()
ctx.set_source_rgb(0.2, 0.2, 0.2)
ctx.set_line_width(4)
for i in range(2):
    x = 220 + i * 220
    ctx.move_to(x + 5, 200)
    ctx.line_to(x + 55, 200)
    ctx.stroke()
    ctx.move_to(x + 60, 200)
    ctx.line_to(x + 48, 192)
    ctx.line_to(x + 48, 208)
    ctx.close_path()
    ctx.fill()
ctx.show_page()
# page 2: a raster "screenshot" (64x36 pixels, scaled up) and a circle
img = cairo.ImageSurface(cairo.FORMAT_RGB24, 64, 36)
ictx = cairo.Context(img)
for y in range(36):
    for x in range(64):
        ictx.set_source_rgb(x / 63.0, y / 35.0, ((x * y) % 7) / 6.0)
        ictx.rectangle(x, y, 1, 1)
        ictx.fill()
img.flush()
ctx.set_source_rgb(1, 1, 1)
ctx.paint()
ctx.save()
ctx.translate(40, 40)
ctx.scale(5, 5)
ctx.set_source_surface(img, 0, 0)
ctx.get_source().set_filter(cairo.FILTER_NEAREST)
ctx.paint()
ctx.restore()
ctx.set_source_rgb(0.8, 0.1, 0.1)
ctx.arc(580, 200, 80, 0, 6.283185307)
ctx.fill()
ctx.show_page()
surf.finish()


# ---------------------------------------------------------------- hand-written
def handwritten(path, objects, info=None):
    """objects: list of bytes bodies for objects 1..n (1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = b"/Size %d /Root 1 0 R" % (len(objects) + 1)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    with open(path, "wb") as f:
        f.write(out)


def stream(data):
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


handwritten(os.path.join(BAD, "archive", "2021-05-bad", "zero-pages.pdf"), [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [] /Count 0 >>",
    b"<< /Title (Zero Pages) /Author (Nobody) >>",
], info=3)

content = b"BT /F1 24 Tf 72 700 Td (Hello from a lying page tree) Tj ET"
handwritten(os.path.join(BAD, "archive", "2021-05-bad", "million-pages.pdf"), [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 5000000 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
    b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    stream(content),
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    b"<< /Title (Five Million Pages) /Author (A Lying Page Tree) >>",
], info=6)
