# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY C:\src\app C:\app
RUN echo one `
    && echo two
HEALTHCHECK NONE
