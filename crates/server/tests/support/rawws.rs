//! A WebSocket client that writes frames byte by byte, for frames no well-behaved library
//! sends: invalid UTF-8 in text frames, bad fragmentation, unmasked or reserved frames, headers
//! that claim more than they carry.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const TEXT: u8 = 0x1;
pub const BINARY: u8 = 0x2;
pub const CONTINUATION: u8 = 0x0;
pub const CLOSE: u8 = 0x8;
pub const PING: u8 = 0x9;

pub struct RawWs {
    stream: TcpStream,
    buf: Vec<u8>,
}

/// A frame from the server.
#[derive(Debug)]
pub struct Frame {
    pub opcode: u8,
    pub payload: Vec<u8>,
}

/// How a connection ended.
#[derive(Debug, PartialEq)]
pub enum End {
    /// A close frame with this code (`None`: no code).
    Closed(Option<u16>),
    /// The TCP connection ended without a close frame.
    Dropped,
}

impl RawWs {
    /// Opens `path` (`/api/boards/{id}/ws`) with a hand-written upgrade.
    pub async fn connect(addr: SocketAddr, path: &str) -> RawWs {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 1024];
        let end = loop {
            let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
                .await
                .expect("an upgrade answer in time")
                .unwrap();
            assert!(n > 0, "the server closed during the upgrade");
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_string();
        assert!(head.starts_with("HTTP/1.1 101"), "{head}");
        RawWs {
            stream,
            buf: buf[end..].to_vec(),
        }
    }

    /// Writes one frame. Client frames must be masked; `masked: false` breaks that rule.
    pub async fn frame(&mut self, fin: bool, rsv: u8, opcode: u8, payload: &[u8], masked: bool) {
        let mut out = vec![(u8::from(fin) << 7) | ((rsv & 0x7) << 4) | (opcode & 0xf)];
        let mask_bit = if masked { 0x80 } else { 0 };
        push_len(&mut out, mask_bit, payload.len() as u64);
        if masked {
            let key = [0x12u8, 0x34, 0x56, 0x78];
            out.extend_from_slice(&key);
            out.extend(payload.iter().enumerate().map(|(i, b)| b ^ key[i % 4]));
        } else {
            out.extend_from_slice(payload);
        }
        // The server may close while we write; that is an answer too.
        let _ = self.stream.write_all(&out).await;
    }

    /// A complete, masked frame.
    pub async fn send(&mut self, opcode: u8, payload: &[u8]) {
        self.frame(true, 0, opcode, payload, true).await;
    }

    pub async fn send_json(&mut self, v: &Value) {
        self.send(TEXT, v.to_string().as_bytes()).await;
    }

    /// Only the header of a masked frame that claims `len` bytes (none follow).
    pub async fn header_claiming(&mut self, opcode: u8, len: u64) {
        let mut out = vec![0x80 | opcode];
        push_len(&mut out, 0x80, len);
        out.extend_from_slice(&[1, 2, 3, 4]);
        let _ = self.stream.write_all(&out).await;
    }

    async fn fill(&mut self, need: usize, deadline: tokio::time::Instant) -> bool {
        let mut chunk = [0u8; 8192];
        while self.buf.len() < need {
            match tokio::time::timeout_at(deadline, self.stream.read(&mut chunk)).await {
                Ok(Ok(n)) if n > 0 => self.buf.extend_from_slice(&chunk[..n]),
                _ => return false,
            }
        }
        true
    }

    /// The next frame, or `None` when the connection ends (or nothing comes within 10 s).
    pub async fn read(&mut self) -> Option<Frame> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        if !self.fill(2, deadline).await {
            return None;
        }
        let opcode = self.buf[0] & 0xf;
        let short = (self.buf[1] & 0x7f) as usize;
        let (len, header) = match short {
            126 => {
                if !self.fill(4, deadline).await {
                    return None;
                }
                (u16::from_be_bytes([self.buf[2], self.buf[3]]) as usize, 4)
            }
            127 => {
                if !self.fill(10, deadline).await {
                    return None;
                }
                let mut b = [0u8; 8];
                b.copy_from_slice(&self.buf[2..10]);
                (u64::from_be_bytes(b) as usize, 10)
            }
            n => (n, 2),
        };
        if !self.fill(header + len, deadline).await {
            return None;
        }
        let payload = self.buf[header..header + len].to_vec();
        self.buf.drain(..header + len);
        Some(Frame { opcode, payload })
    }

    /// The next text frame as JSON, skipping control frames.
    pub async fn next_json(&mut self) -> Option<Value> {
        loop {
            let f = self.read().await?;
            match f.opcode {
                TEXT => return Some(serde_json::from_slice(&f.payload).expect("JSON")),
                CLOSE => return None,
                _ => continue,
            }
        }
    }

    /// The next JSON frame of `kind`, skipping others.
    pub async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let v = self
                .next_json()
                .await
                .unwrap_or_else(|| panic!("closed while waiting for {kind}"));
            if v["type"] == kind {
                return v;
            }
        }
    }

    /// Reads until the connection ends: the close frame's code, or `Dropped`.
    pub async fn end(&mut self) -> End {
        loop {
            match self.read().await {
                Some(f) if f.opcode == CLOSE => {
                    return End::Closed(
                        (f.payload.len() >= 2)
                            .then(|| u16::from_be_bytes([f.payload[0], f.payload[1]])),
                    );
                }
                Some(_) => continue,
                None => return End::Dropped,
            }
        }
    }
}

fn push_len(out: &mut Vec<u8>, mask_bit: u8, len: u64) {
    if len < 126 {
        out.push(mask_bit | len as u8);
    } else if len <= u16::MAX as u64 {
        out.push(mask_bit | 126);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(mask_bit | 127);
        out.extend_from_slice(&len.to_be_bytes());
    }
}
