FROM alpine
ENV A="open
