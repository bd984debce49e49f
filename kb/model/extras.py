"""The optional extras (pyproject.toml) and the command that installs one, for the way kb itself was
installed: from a package index, from a checkout (editable or not), or from a git URL.

pip records how it installed a distribution in its `direct_url.json` (PEP 610): none for an index,
`dir_info` for a local folder (`editable: true` for `pip install -e`), `vcs_info` for git. The
command is written for the folder the user is in: `.` when that is the checkout.

Passing: install_command("chart") from an index -> pip install 'kb-claims[chart]'.
Passing: from `pip install -e .` in /src/kb, run in /src/kb -> pip install -e '.[chart]'.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from urllib.parse import unquote, urlparse

DISTRIBUTION = "kb-claims"
# extra -> what it brings, for the message
EXTRAS = {"chart": "matplotlib", "html": "trafilatura", "parquet": "pyarrow", "web": "Datasette"}


def command_for(extra: str, direct_url: str | None, cwd: Path | None = None) -> str:
    """The pip command installing extra, given the text of kb's direct_url.json (None: from an index)."""
    plain = f"pip install {shlex.quote(f'{DISTRIBUTION}[{extra}]')}"
    if not direct_url:
        return plain
    try:
        data = json.loads(direct_url)
        url = data["url"]
    except (ValueError, KeyError, TypeError):
        return plain
    if "dir_info" in data and url.startswith("file:"):
        folder = Path(unquote(urlparse(url).path))
        here = Path.cwd() if cwd is None else cwd
        try:
            where = "." if folder.resolve() == here.resolve() else str(folder)
        except OSError:
            where = str(folder)
        editable = "-e " if (data.get("dir_info") or {}).get("editable") else ""
        return f"pip install {editable}{shlex.quote(f'{where}[{extra}]')}"
    if "vcs_info" in data:
        vcs = data["vcs_info"].get("vcs", "git")
        return f"pip install {shlex.quote(f'{DISTRIBUTION}[{extra}] @ {vcs}+{url}')}"
    return f"pip install {shlex.quote(f'{DISTRIBUTION}[{extra}] @ {url}')}"


def install_command(extra: str) -> str:
    """The pip command that installs extra for this installation of kb."""
    from importlib import metadata

    direct_url = next((text for dist in metadata.distributions(name=DISTRIBUTION)
                       if (text := dist.read_text("direct_url.json"))), None)
    checkout = Path(__file__).resolve().parent.parent.parent
    if (checkout / "pyproject.toml").is_file():  # kb runs from a source tree (editable, or never installed)
        try:
            editable = bool(json.loads(direct_url)["dir_info"].get("editable")) if direct_url else False
        except (ValueError, KeyError, TypeError, AttributeError):
            editable = False
        direct_url = json.dumps({"url": checkout.as_uri(), "dir_info": {"editable": editable}})
    return command_for(extra, direct_url)


def missing(extra: str, what: str) -> str:
    """'<what> needs matplotlib, which is not installed: pip install ...'"""
    return f"{what} needs {EXTRAS[extra]}, which is not installed: {install_command(extra)}"
