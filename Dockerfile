# GridHub image: the same image runs the API, the stream workers and the one-shot jobs.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY config config
COPY contracts contracts
COPY dispatch dispatch
COPY grid grid
COPY streams streams
COPY api api
COPY gridhub gridhub
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 gridhub \
    && install -d -o gridhub -g gridhub /home/gridhub/var/attachments
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER gridhub
WORKDIR /home/gridhub
ENV HUB_DATA_DIR=/home/gridhub/var \
    HUB_API_HOST=0.0.0.0 \
    PYTHONUNBUFFERED=1
EXPOSE 8000
ENTRYPOINT ["gridhub"]
CMD ["api"]
