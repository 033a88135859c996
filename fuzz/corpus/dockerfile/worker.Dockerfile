FROM debian:12-slim
RUN apt-get update
RUN apt-get install -y curl
ADD https://example.com/tool.tar.gz /opt/
ENV DB_PASSWORD=hunter2
CMD ["worker"]
