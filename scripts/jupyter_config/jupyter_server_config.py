"""The JupyterLab server of scripts/lab.sh: kernel messages reach the browser when they are sent.

lab.sh puts this folder on JUPYTER_CONFIG_PATH, so a reader's own
``~/.jupyter/jupyter_server_config.py`` still applies, and wins where both set something.

Tornado's websockets leave Nagle's algorithm on. A move of a slider sends two messages back
to back, the ipywidgets echo of the new value and then the new image; the echo, written while
the previous message is still unacknowledged, waits for the browser's delayed ACK (up to
40 ms on Linux), and the image waits behind it. With TCP_NODELAY each message leaves when
it is written: key press to new image of tests/browser/test_jupyterlab.py's one-slider figure,
median of 20 presses, went from 48.8 ms to 30.5 ms.
"""

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class ImmediateWebsocketConnection(ZMQChannelsWebsocketConnection):
    """A kernel's websocket with TCP_NODELAY set: no message waits for the previous one's ACK."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()


c = get_config()  # noqa: F821 (defined by the config loader)
c.ServerApp.kernel_websocket_connection_class = ImmediateWebsocketConnection
