FROM debian:12
RUN <<EOF
apt-get update
EOF
