# Optional baked worker image: Debian 12 amd64 with everything user-data would install
# (Java, Tesseract, fonts, the AWS CLI, rsyslog, the SSM and CloudWatch agents), so a
# launch needs no package mirror and starts consuming minutes sooner. It runs
# deploy/user-data.sh itself, with --image, so the two cannot install different things.
# No release and no stack values go into the image: user-data still fetches the bundle and
# writes the configuration at first boot. Build (deploy/README.md, "Baked image"):
#
#   packer build -var region=ap-northeast-1 deploy/image.pkr.hcl
#
# then pass the AMI id it prints as the stack's BakedImageId. Needs Packer with HashiCorp's
# Amazon plugin, and credentials that may run an instance and create an image.

variable "region" {
  type        = string
  description = "Region to build in (the stack's)."
}

variable "subnet_id" {
  type        = string
  default     = ""
  description = "Public subnet for the build instance (Packer connects over SSH; it needs outbound HTTP and HTTPS); empty = the default VPC."
}

variable "instance_type" {
  type    = string
  default = "c6i.xlarge"
}

locals {
  built = formatdate("YYYYMMDD-hhmmss", timestamp())
}

source "amazon-ebs" "worker" {
  region        = var.region
  subnet_id     = var.subnet_id
  instance_type = var.instance_type
  # The newest Debian 12 amd64 image published by Debian's cloud team (the account behind
  # the template's default ImageId parameter).
  source_ami_filter {
    owners      = ["136693071363"]
    most_recent = true
    filters = {
      name                = "debian-12-amd64-*"
      architecture        = "x86_64"
      virtualization-type = "hvm"
      root-device-type    = "ebs"
    }
  }
  ssh_username                = "admin"
  associate_public_ip_address = true
  ami_name                    = "doc-ingest-worker-${local.built}"
  ami_description             = "doc-ingest worker: Debian 12 amd64 with deploy/user-data.sh --image"
  tags = {
    Name      = "doc-ingest-worker"
    SourceAmi = "{{ .SourceAMI }}"
  }
}

build {
  sources = ["source.amazon-ebs.worker"]

  provisioner "shell" {
    script          = "${path.root}/user-data.sh"
    execute_command = "sudo bash {{ .Path }} --image"
  }
}
