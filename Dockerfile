# mlrole as a container: `docker compose up` (docker-compose.yml) runs two behind a load balancer.
FROM python:3.11-slim
COPY . /src
RUN pip install --no-cache-dir /src && rm -rf /src && mkdir /app && chown nobody /app
WORKDIR /app
USER nobody
ENV PORT=3000 PYTHONUNBUFFERED=1
EXPOSE 3000
CMD ["mlrole", "serve"]
