# One replica of the Atlas: the README's two commands, in a container.
#   docker build -t korea-security-atlas . && docker run -p 8501:8501 korea-security-atlas
FROM python:3.11-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Nothing is written at run time: the app can run on a read-only file system.
USER nobody
ENV PORT=8501
EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/_stcore/health', timeout=3)"
ENTRYPOINT ["./deploy/entrypoint.sh"]
