#!/bin/bash
# EC2 user-data for a doc-ingest worker. AMI family: Debian 12 (bookworm), amd64
# (its tesseract-ocr 5.3 puts tessdata where config/application.yaml expects it,
# /usr/share/tesseract-ocr/5/tessdata). cloud-init runs it once, as root, at first
# boot; its output is in /var/log/cloud-init-output.log and the stack's user-data log group.
#
# deploy/cloudformation.yaml embeds this file verbatim under Fn::Sub (DeployTest checks
# that the two are equal): the quoted placeholders in the block below become the stack's
# values. Everywhere else the script writes variables as $name, never with braces (not
# even in comments), so Fn::Sub leaves it alone.
#
# With --image it installs the software only and exits: deploy/image.pkr.hcl bakes an AMI
# that way, and a worker booted from it skips the installs, so scale-out does not wait on
# (or fail with) the package mirrors.
set -euo pipefail

# shellcheck disable=SC2016  # CloudFormation placeholders, not shell expansions
{
  stack_name='${AWS::StackName}'
  artifact_s3_uri='${ArtifactS3Uri}'
  region='${AWS::Region}'
  account_id='${AWS::AccountId}'
  queue='${IngestQueue.QueueName}'
  priority_queue='${PriorityQueue.QueueName}'
  dead_letter_queue='${DeadLetterQueue.QueueName}'
  visibility_timeout='${VisibilityTimeout}'
  max_receive_count='${MaxReceiveCount}'
  landing_bucket='${LandingBucket}'
  key_prefix='${KeyPrefix}'
  upload_key_prefix='${UploadKeyPrefix}'
  thumbnail_bucket='${ThumbnailBucket}'
  output_bucket='${OutputBucket}'
  output_key_prefix='${OutputKeyPrefix}'
  opensearch_endpoint='${OpenSearchEndpoint}'
  bedrock_region='${BedrockRegion}'
  bedrock_model_id='${BedrockModelId}'
  metrics_namespace='${MetricsNamespace}'
  files_metrics_namespace='${FilesMetricsNamespace}'
  auto_scaling_group='${AWS::StackName}-workers'
  application_log_group='${ApplicationLogGroup}'
  system_log_group='${SystemLogGroup}'
  user_data_log_group='${UserDataLogGroup}'
}

install_dir=/opt/doc-ingest
# The daemon's stdout (StandardOutput= in deploy/doc-ingest.service).
daemon_log=/var/log/doc-ingest/daemon.log
# Written by --image: the software is there.
image_marker=/etc/doc-ingest/image
# WorkerGroup's launch lifecycle hook and its HeartbeatTimeout (cloudformation.yaml): this
# script completes it, last, once the daemon is ready.
launch_hook=doc-ingest-ready
launch_hook_timeout=1200
# The daemon's readiness: 200 once SQS, S3, OpenSearch and Bedrock answer (the management
# server, camel.management.host and port in config/application.yaml).
ready_url=http://127.0.0.1:9876/observe/health/ready

# Instance metadata over IMDSv2 (the launch template requires tokens).
imds() {
  local token
  token=$(curl -fsS --retry 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' \
    http://169.254.169.254/latest/api/token)
  curl -fsS --retry 5 -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}

# --- Software: everything that comes from Debian's mirror or AWS's agent buckets.
install_software() {
  # Java 17 runtime, Tesseract with Japanese and English, a Japanese font for rendering PDFs
  # whose fonts are not embedded, the AWS CLI, rsyslog (writes the journal to
  # /var/log/syslog, which the CloudWatch agent can read: it cannot read the journal).
  export DEBIAN_FRONTEND=noninteractive
  apt_get() { apt-get -o DPkg::Lock::Timeout=600 -q "$@"; }
  apt_get update
  apt_get install -y --no-install-recommends \
    openjdk-17-jre-headless \
    tesseract-ocr tesseract-ocr-jpn tesseract-ocr-eng \
    fonts-ipafont-gothic fonts-ipafont-mincho \
    awscli curl ca-certificates rsyslog logrotate

  for lang in jpn eng; do
    if ! tesseract --list-langs 2>/dev/null | grep -qx "$lang"; then
      echo "user-data: tesseract has no '$lang' language data" >&2
      exit 1
    fi
  done

  # The SSM agent (Session Manager, the way onto a worker) and the CloudWatch agent are not
  # Debian packages. AWS publishes both in a public bucket per Region: read without
  # credentials over TLS, through the same S3 route as the release bundle.
  local agent_region agents
  agent_region=$(imds placement/region)
  agents=$(mktemp -d)
  aws s3 cp --only-show-errors --no-sign-request --region "$agent_region" \
    "s3://amazon-ssm-$agent_region/latest/debian_amd64/amazon-ssm-agent.deb" "$agents/"
  aws s3 cp --only-show-errors --no-sign-request --region "$agent_region" \
    "s3://amazoncloudwatch-agent-$agent_region/debian/amd64/latest/amazon-cloudwatch-agent.deb" "$agents/"
  apt_get install -y "$agents/amazon-ssm-agent.deb" "$agents/amazon-cloudwatch-agent.deb"
  rm -rf "$agents"
  systemctl enable --now amazon-ssm-agent
  # The CloudWatch agent runs as cwagent; adm may read /var/log/syslog and the daemon's log.
  usermod -a -G adm cwagent
}

case $* in
  --image)
    install_software
    install -d -m 0755 /etc/doc-ingest
    echo "software baked by deploy/user-data.sh --image at $(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$image_marker"
    apt-get clean
    exit 0 ;;
  '') ;;
  *) echo "usage: user-data.sh [--image]" >&2
     exit 2 ;;
esac

case $artifact_s3_uri in
  s3://*) ;;
  *) echo "user-data: the stack's values were not filled in; launch it through deploy/cloudformation.yaml" >&2
     exit 1 ;;
esac

instance_id=$(imds instance-id)

# A failed first boot, or a daemon that does not get ready, gives the launch up (ABANDON,
# the hook's default result anyway), so the group replaces the instance now rather than at
# the hook's timeout. If the CloudWatch agent runs by then, it first gets a moment to ship
# this log to the user-data log group. On success the last step below completes the hook
# (CONTINUE) once the daemon is ready.
abandon_launch() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    echo "user-data: failed (exit status $status); abandoning the launch of $instance_id" >&2
    if systemctl is-active --quiet amazon-cloudwatch-agent; then
      sleep 15
    fi
    aws autoscaling complete-lifecycle-action --region "$region" \
      --auto-scaling-group-name "$auto_scaling_group" --lifecycle-hook-name "$launch_hook" \
      --instance-id "$instance_id" --lifecycle-action-result ABANDON || true
  fi
}
trap abandon_launch EXIT

if [ -e "$image_marker" ]; then
  echo "user-data: $(cat "$image_marker"); no installs"
else
  install_software
fi

# --- Logs to CloudWatch Logs, into the stack's log groups (retention is set there, so the
# role needs no permission to change it). The agent tails files and cannot read the
# journal: the daemon writes its JSON lines to a file, and the journal reaches
# /var/log/syslog through rsyslog. Streams are named after the instance.
# --- And the original worker's host metrics (MEM_USED, CPU_IDLE, CPU_IOWAIT, DISK_USED) in
# its namespace, one series for the group (the memory alarm takes the worst worker's).
install -d -m 0750 -o root -g adm "$(dirname "$daemon_log")"
install -m 0640 -o root -g adm /dev/null "$daemon_log"
agent_config=/opt/aws/amazon-cloudwatch-agent/etc/doc-ingest.json
cat > "$agent_config" <<EOF
{
  "agent": {"run_as_user": "cwagent"},
  "metrics": {
    "namespace": "$files_metrics_namespace",
    "metrics_collected": {
      "mem": {"measurement": [{"name": "mem_used_percent", "rename": "MEM_USED", "unit": "Percent"}],
              "metrics_collection_interval": 60, "append_dimensions": {"AutoScalingGroupName": "$auto_scaling_group"}},
      "cpu": {"measurement": [{"name": "cpu_usage_idle", "rename": "CPU_IDLE", "unit": "Percent"},
                              {"name": "cpu_usage_iowait", "rename": "CPU_IOWAIT", "unit": "Percent"}],
              "totalcpu": true, "metrics_collection_interval": 60, "append_dimensions": {"AutoScalingGroupName": "$auto_scaling_group"}},
      "disk": {"measurement": [{"name": "used_percent", "rename": "DISK_USED", "unit": "Percent"}], "resources": ["/"],
               "metrics_collection_interval": 60, "append_dimensions": {"AutoScalingGroupName": "$auto_scaling_group"}}
    }
  },
  "logs": {
    "logs_collected": {
      "files": {
        "collect_list": [
          {"file_path": "$daemon_log", "log_group_name": "$application_log_group", "log_stream_name": "{instance_id}"},
          {"file_path": "/var/log/syslog", "log_group_name": "$system_log_group", "log_stream_name": "{instance_id}"},
          {"file_path": "/var/log/cloud-init-output.log", "log_group_name": "$user_data_log_group", "log_stream_name": "{instance_id}"}
        ]
      }
    }
  }
}
EOF
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c "file:$agent_config"

# --- The service user: no shell, no home of its own.
if ! id docingest >/dev/null 2>&1; then
  useradd --system --user-group --home-dir "$install_dir" --no-create-home \
    --shell /usr/sbin/nologin docingest
fi

# --- The release bundle: doc-ingest-daemon.jar, config/, routes/, deploy/ (see deploy/README.md).
install -d -m 0755 "$install_dir"
bundle=$(mktemp --suffix=.tar.gz)
aws s3 cp --only-show-errors --region "$region" "$artifact_s3_uri" "$bundle"
tar -xzf "$bundle" -C "$install_dir" --no-same-owner --no-same-permissions
rm -f "$bundle"
for required in doc-ingest-daemon.jar config/application.yaml routes \
    deploy/doc-ingest.service deploy/doc-ingest-unhealthy.service deploy/doc-ingest.logrotate; do
  if [ ! -e "$install_dir/$required" ]; then
    echo "user-data: the bundle $artifact_s3_uri has no $required" >&2
    exit 1
  fi
done
chmod -R u=rwX,go=rX "$install_dir"
# The only place under the install directory the service may write (systemd ReadWritePaths).
install -d -o docingest -g docingest -m 0750 "$install_dir/data"

# --- Operator settings: INGEST_* variables override config/application.yaml and
# config/application-aws.yaml. The daemon refuses to start on an INGEST_* variable
# that matches no key, so only declared keys are written here.
install -d -m 0755 /etc/doc-ingest
env_file=/etc/doc-ingest/env
cat > "$env_file" <<EOF
# Written by user-data at first boot from CloudFormation stack $stack_name.
# Each INGEST_* variable overrides one key of config/application.yaml (dots and
# dashes become underscores, upper case). Edit, then: systemctl restart doc-ingest
INGEST_WORKER_ID=$instance_id
INGEST_AWS_REGION=$region
INGEST_SQS_QUEUE=$queue
INGEST_SQS_PRIORITY_QUEUE=$priority_queue
INGEST_SQS_DEAD_LETTER_QUEUE=$dead_letter_queue
INGEST_SQS_VISIBILITY_TIMEOUT=$visibility_timeout
INGEST_SQS_MAX_RECEIVE_COUNT=$max_receive_count
INGEST_S3_BUCKET=$landing_bucket
INGEST_S3_KEY_PREFIX=$key_prefix
INGEST_UPLOAD_KEY_PREFIX=$upload_key_prefix
INGEST_THUMBNAIL_URI="aws2-s3://$thumbnail_bucket?amazonS3Client=#s3Client&autoCreateBucket=false"
INGEST_THUMBNAIL_URL_PREFIX=s3://$thumbnail_bucket
INGEST_OUTPUT_URI="aws2-s3://$output_bucket?amazonS3Client=#s3Client&autoCreateBucket=false"
INGEST_OUTPUT_PREFIX=$output_key_prefix
INGEST_OPENSEARCH_HOST_ADDRESSES=$opensearch_endpoint:443
INGEST_EMBEDDING_REGION=$bedrock_region
INGEST_EMBEDDING_MODEL_ID=$bedrock_model_id
# CloudWatch namespaces (meters; FilesProcessed and ProcessingTime); the role may put metrics in these only.
INGEST_METRICS_CLOUDWATCH_NAMESPACE=$metrics_namespace
INGEST_METRICS_CLOUDWATCH_FILES_NAMESPACE=$files_metrics_namespace
# One Tesseract handle per core.
INGEST_PAGES_PARALLELISM=$(nproc)
# Extra JVM flags (appended last in ExecStart). The account id lets Camel's SQS
# endpoints look their queue URL up with GetQueueUrl instead of ListQueues.
JAVA_OPTS="-Dcamel.component.aws2-sqs.queue-owner-aws-account-id=$account_id"
EOF
chown root:docingest "$env_file"
chmod 0640 "$env_file"

# --- The units and the log rotation, from the bundle, so they always match the jar it runs.
install -m 0644 "$install_dir/deploy/doc-ingest.service" /etc/systemd/system/doc-ingest.service
install -m 0644 "$install_dir/deploy/doc-ingest-unhealthy.service" /etc/systemd/system/doc-ingest-unhealthy.service
install -m 0644 "$install_dir/deploy/doc-ingest.logrotate" /etc/logrotate.d/doc-ingest
systemctl daemon-reload
systemctl enable --now doc-ingest.service
echo "user-data: doc-ingest started on $instance_id from $artifact_s3_uri; waiting for it to be ready"

# --- The launch hook, as the last step, so nothing else waits on it. The worker goes
# InService as soon as the daemon answers ready. It is abandoned (the EXIT trap) when its
# unit fails for good (systemd's start limit), or when it is still not ready 120 s before
# the hook would time out (time since boot, a little less than time in the hook): time to
# ship this log and call Auto Scaling. No heartbeats: the hook's timeout bounds the launch.
ready_by=$((launch_hook_timeout - 120))
until curl -fs -o /dev/null --max-time 5 "$ready_url"; do
  if systemctl is-failed --quiet doc-ingest.service; then
    echo "user-data: doc-ingest failed and systemd no longer restarts it (journalctl -u doc-ingest, $daemon_log)" >&2
    exit 1
  fi
  if [ "$(cut -d. -f1 /proc/uptime)" -ge "$ready_by" ]; then
    echo "user-data: doc-ingest not ready $ready_by s after boot; $ready_url says:" >&2
    curl -sS --max-time 5 "$ready_url" >&2 || true
    echo >&2
    exit 1
  fi
  sleep 5
done
aws autoscaling complete-lifecycle-action --region "$region" \
  --auto-scaling-group-name "$auto_scaling_group" --lifecycle-hook-name "$launch_hook" \
  --instance-id "$instance_id" --lifecycle-action-result CONTINUE
echo "user-data: doc-ingest ready $(cut -d. -f1 /proc/uptime) s after boot; $launch_hook completed (CONTINUE)"
